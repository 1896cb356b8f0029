"""Personal pronouns as the actors they stand for, within one article.

"Erdoğan spoke in London. He criticised Europe ..." — the event's doer is the word "He", and
without this an event whose doer is a pronoun has no actor and is lost. A third-person
pronoun takes an actor of a fitting kind mentioned before it (he/she/him/her a person,
they/them a group or organisation) in its sentence or the ANTECEDENT_SENTENCES
before it (further back, a news paragraph has usually moved on):
  - a pronoun that is a clause's subject prefers the latest earlier sentence's subject
    ("The minister met Putin. She condemned ..." is the minister), else the nearest actor;
  - any other pronoun takes the nearest actor that is not an argument of its own verb
    ("Police arrested them": not the police).
The pronoun is linked in `by_token` only: the actor's mentions stay the words that name it.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.actors.resolve import ActorMentions
from eventwire.nlp import sentence_spans

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them"})
ANTECEDENT_SENTENCES = 2
GROUP_KINDS = frozenset({"group", "organisation"})  # a country is "it", rarely "they"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class _Candidate:
    sentence: int
    token: Token
    actor_id: str
    person: bool


def link_pronouns(doc: Doc, mentions: ActorMentions) -> None:
    """Point each unresolved third-person pronoun at its antecedent actor (in place)."""
    kinds = {a.id: a.kind for a in mentions.actors}
    seen: list[_Candidate] = []  # actor mentions so far, in text order
    for number, sentence in enumerate(sentence_spans(doc)):
        for token in sentence:
            ids = mentions.by_token.get(token.i)
            if ids:
                seen += [_Candidate(number, token, a, kinds.get(a) == "person") for a in ids]
                continue
            if token.pos_ == "PRON" and token.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
                found = _antecedent(token, number, seen, kinds)
                if found is not None:
                    mentions.by_token[token.i] = [found]


def _antecedent(pronoun: Token, sentence: int, seen: list[_Candidate], kinds: dict[str, str]) -> str | None:
    person = pronoun.lower_ in PERSON_PRONOUNS
    fitting = [c for c in reversed(seen) if sentence - c.sentence <= ANTECEDENT_SENTENCES
               and c.person == person and (person or kinds.get(c.actor_id) in GROUP_KINDS)]
    if pronoun.dep_ in SUBJECT_DEPS:
        earlier_subjects = [c for c in fitting if c.sentence < sentence and c.token.dep_ in SUBJECT_DEPS]
        if earlier_subjects:
            return earlier_subjects[0].actor_id
        return fitting[0].actor_id if fitting else None
    own_arguments = {t.i for t in pronoun.head.children} | {pronoun.head.i}
    return next((c.actor_id for c in fitting if c.token.i not in own_arguments), None)
