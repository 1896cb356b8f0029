"""The pipeline: one object holding the loaded model and data, running the stages in order.

    clean -> parse -> actors -> places, dates -> events, quotes -> Document

Nothing lives at module level: every entry point (CLI, Python API, workers) builds its own
`Pipeline`, which loads the spaCy model, lexicons, gazetteer and ontology once and codes
any number of articles.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from eventwire.actors.coreference import link_pronouns
from eventwire.actors.lexicon import ActorLexicon
from eventwire.actors.resolve import ActorMentions, ActorResolver, assign_home_countries
from eventwire.actors.user_dictionaries import load_actor_files
from eventwire.clean import CleanedText, clean, is_storable_text
from eventwire.dates import DateResolver, check_published, parse_published
from eventwire.errors import CodingFailed, InputError, MalformedRecord
from eventwire.events.coder import EventCoder
from eventwire.events.lexicon import EventLexicon
from eventwire.events.ontology import Ontology
from eventwire.model import Actor, Article, Document, Place, Sentence, Span
from eventwire.nlp import doc_from_bytes, load_model, parse_many, sentence_spans
from eventwire.places.gazetteer import Gazetteer
from eventwire.places.resolve import PlaceResolver
from eventwire.quotes.attribute import attribute_events, build_quotes
from eventwire.quotes.finder import QuoteFinder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleInput:
    """One article to code, as a caller gives it."""
    text: str
    id: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Failure:
    """An article that could not be coded, and why. Batches report these and go on."""
    id: str | None
    error: InputError


@dataclass(frozen=True)
class ParsedArticle:
    """An article after clean and parse: what every later stage reads."""
    article: ArticleInput
    cleaned: CleanedText
    doc: Doc


def check_fields(article: ArticleInput) -> None:
    """Refuse metadata no store can keep or no stage can read: a published value that is not a
    date, NUL bytes or lone surrogates in the id, title, url or source (MalformedRecord)."""
    check_published(article.published)
    for name in ("id", "title", "url", "source"):
        value = getattr(article, name)
        if value and not is_storable_text(value):
            raise MalformedRecord(f"{name} {value[:60]!r} holds a NUL byte or a lone UTF-16 surrogate")


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Pipeline:
    def __init__(self, *, model: str | None = None, batch_size: int = 32, actor_files: Sequence[Path] = ()) -> None:
        self.nlp = load_model(model)
        self.batch_size = batch_size
        lexicon = ActorLexicon.load()
        # User dictionaries and learned knowledge bases extend the built-in data, never replace it.
        load_actor_files(lexicon, [Path(p) for p in actor_files])
        self.actors = ActorResolver(lexicon)
        self.places = PlaceResolver(Gazetteer.load(), lexicon)
        self.events = EventCoder(EventLexicon.load(), Ontology.load())
        self.find_quotes = QuoteFinder()

    def code(self, article: ArticleInput, *, raw: bool = False) -> Document:
        """Code one article; raises an InputError subclass for input that cannot be coded."""
        result = next(self.code_many([article], raw=raw))
        if isinstance(result, Failure):
            raise result.error
        return result

    def code_many(self, articles: Iterable[ArticleInput], *, raw: bool = False) -> Iterator[Document | Failure]:
        """Code a stream of articles in parse batches, yielding a Document or a Failure for each, in order."""
        for parsed in self.parse(articles, raw=raw):
            if isinstance(parsed, Failure):
                yield parsed
                continue
            try:
                yield self.code_parsed(parsed)
            except Exception as exc:  # a bug met by one article must not cost the others theirs
                log.exception("coding article %s failed", parsed.article.id)
                yield Failure(parsed.article.id, CodingFailed(f"coding failed: {type(exc).__name__}: {exc}"))

    def parse(self, articles: Iterable[ArticleInput], *, raw: bool = False) -> Iterator[ParsedArticle | Failure]:
        """The first half of coding: clean and parse, in spaCy batches; a Failure for input that cannot be coded.

        A ParsedArticle can be coded at once (`code_parsed`) or stored (`eventwire.nlp.doc_to_bytes`)
        and coded again later, after a lexicon change, without parsing again.
        """
        pending: list[tuple[ArticleInput, CleanedText | Failure]] = []
        for article in articles:
            try:
                check_fields(article)
                pending.append((article, clean(article.text, normalise_text=not raw)))
            except InputError as exc:
                pending.append((article, Failure(article.id, exc)))
            if len(pending) >= self.batch_size:
                yield from self._parse_batch(pending)
                pending = []
        if pending:
            yield from self._parse_batch(pending)

    def _parse_batch(self, batch: list[tuple[ArticleInput, CleanedText | Failure]]) -> Iterator[ParsedArticle | Failure]:
        texts = [c.text for _, c in batch if isinstance(c, CleanedText)]
        try:
            docs: list[Doc | Exception] = list(parse_many(self.nlp, texts, batch_size=self.batch_size))
        except Exception:  # one text broke the batch: parse each alone, so only that one fails
            log.warning("a parse batch of %d articles failed; parsing them one by one", len(texts))
            docs = [self._parse_alone(text) for text in texts]
        parsed = iter(docs)
        for article, cleaned in batch:
            if isinstance(cleaned, Failure):
                yield cleaned
                continue
            doc = next(parsed)
            if isinstance(doc, Exception):
                yield Failure(article.id, CodingFailed(f"the parser failed: {type(doc).__name__}: {doc}"))
            else:
                yield ParsedArticle(article, cleaned, doc)

    def _parse_alone(self, text: str) -> Doc | Exception:
        try:
            return next(parse_many(self.nlp, [text]))
        except Exception as exc:
            return exc

    def reparsed(self, article: ArticleInput, parse: bytes) -> ParsedArticle:
        """A stored parse of `article` (whose text is the cleaned text it was parsed from), ready to code.

        Stray lines are flagged again from the text: flagging depends on the cleaned text alone,
        so they come out as they did when the article was first coded.
        """
        doc = doc_from_bytes(self.nlp.vocab, parse)
        if doc.text != article.text:
            raise ValueError(f"article {article.id!r}: the stored parse is of another text")
        return ParsedArticle(article, clean(article.text, normalise_text=False), doc)

    def code_parsed(self, parsed: ParsedArticle) -> Document:
        """The second half of coding: actors, places, dates, events and quotes of a parsed article."""
        return self._code_doc(parsed.article, parsed.cleaned, parsed.doc)

    def _country_actor(self, mentions: ActorMentions, places: list[Place], place_id: str) -> str | None:
        """The actor for the country a place lies in, added (with the place's mentions) if the
        article has none yet."""
        place = next((p for p in places if p.id == place_id), None)
        if place is None or not place.country or len(place.country) != 3:
            return None
        return self._actor_of_country(mentions, place.country, place.mentions)

    def _actor_of_country(self, mentions: ActorMentions, country: str, spans: Sequence[Span] = ()) -> str | None:
        """The actor of a country (ISO alpha-3), added with the given mentions if the article has none yet."""
        if len(country) != 3 or country not in self.actors.lexicon.country_names:
            return None  # regions and IGO/NGO are not states
        existing = next((a for a in mentions.actors if a.kind == "country" and a.country == country), None)
        if existing is not None:
            return existing.id
        name = self.actors.lexicon.country_names[country]
        actor = Actor(f"a{len(mentions.actors) + 1}", name, country, None, "country", country, list(spans))
        mentions.actors.append(actor)
        return actor.id

    def _code_doc(self, article: ArticleInput, cleaned: CleanedText, doc: Doc) -> Document:
        published = parse_published(article.published)
        sentences = _sentences(doc, cleaned.flagged)
        skip = {s.index for s in sentences if s.boilerplate}
        mentions = self.actors(doc, published.isoformat() if published else None, skip)
        places = self.places(doc, skip)
        _assign_home_countries(mentions, places.places, sentences)
        link_pronouns(doc, mentions)
        dates = DateResolver(published)
        events = self.events(doc, mentions, skip_sentences=skip, place_at=places.place_for, date_at=dates.date_at,
                             place_target=lambda place_id: self._country_actor(mentions, places.places, place_id),
                             country_actor=lambda country: self._actor_of_country(mentions, country))
        quotes = build_quotes(doc, self.find_quotes(doc), mentions, list(cleaned.flagged))
        attribute_events(events, quotes)
        meta = Article(id=article.id or article_id(article.text), title=article.title,
                       published=published.isoformat() if published else None, source=article.source, url=article.url)
        return Document(meta, cleaned.text, sentences, mentions.actors, places.places, events, quotes)


def _assign_home_countries(mentions: ActorMentions, places: list[Place], sentences: list[Sentence]) -> None:
    """Where each sentence happens and what the article is mostly about, for unnamed actors."""
    def sentence_index(offset: int) -> int:
        return next((s.index for s in sentences if s.start <= offset < s.end), -1)

    sentence_countries: dict[int, set[str]] = {}
    votes: Counter[str] = Counter()
    for place in places:
        for m in place.mentions:
            if place.country:
                sentence_countries.setdefault(sentence_index(m.start), set()).add(place.country)
                votes[place.country] += 1
    for actor in mentions.actors:
        if actor.country and len(actor.country) == 3 and actor.country not in ("IGO", "NGO"):
            votes[actor.country] += len(actor.mentions)
    top = votes.most_common(2)
    document_country = top[0][0] if top and top[0][1] >= 2 and top[0][1] >= 2 * (top[1][1] if len(top) > 1 else 0) else None
    sentence_of = {a.id: sentence_index(a.mentions[0].start) for a in mentions.actors if a.mentions}
    assign_home_countries(mentions, sentence_countries, sentence_of, document_country)


def _sentences(doc: Doc, flagged: tuple[tuple[int, int], ...]) -> list[Sentence]:
    """Sentences with trailing whitespace trimmed, flagged when they lie in a stray line."""
    out = []
    for index, sent in enumerate(sentence_spans(doc)):
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.start_char + len(text.rstrip())
        stray = any(s <= start < e for s, e in flagged)
        out.append(Sentence(index, start, max(start, end), stray))
    return out
