"""The data model: what leaves an article.

These dataclasses are the document contract of DESIGN.md in Python form. Every stage takes
and returns them; `Document.to_dict()` is exactly the JSON the CLI prints and
`eventwire/schema/document.schema.json` describes. Offsets are character offsets into
`Document.text`, so `text[span.start:span.end] == span.text` always holds.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The 16 PLOVER event types, in the manual's order; `Plover.type` is always one of them.
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

MODALITIES = ("asserted", "intended", "hypothetical")
QUOTE_KINDS = ("direct", "indirect", "mixed")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """A span cut from `text`, so its text always matches its offsets."""
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Span | None:
        return None if d is None else cls(int(d["start"]), int(d["end"]), d["text"])


@dataclass
class Article:
    id: str
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    language: str = "en"


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    boilerplate: bool = False


@dataclass
class Actor:
    id: str
    name: str
    country: str | None  # ISO alpha-3, a CAMEO region (WST, EUR, ...), or IGO/NGO
    sector: str | None  # CAMEO/PLOVER agent code: GOV, MIL, REB, ...
    kind: str  # country, person, organisation, group, region
    code: str  # CAMEO composite code: RUSGOV, IGOUNO, ...
    mentions: list[Span] = field(default_factory=list)
    role: str | None = None  # "foreign minister", "spokesman"; for people and posts


@dataclass
class Place:
    id: str
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str = "place"  # country, admin1, city
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Plover:
    type: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass
class Event:
    id: str
    sentence: int
    trigger: Span
    source: list[str]
    target: list[str]
    cameo: str
    plover: Plover
    goldstein: float
    quad_class: int
    date: str | None = None
    place: str | None = None
    negated: bool = False
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5


@dataclass
class Quote:
    id: str
    speaker: str | None  # actor id, None when the text does not say who
    kind: str  # direct, indirect, mixed
    source: Span | None  # the words naming the speaker where the attribution is made
    cue: Span | None  # "said", "told reporters", "according to"
    content: Span


@dataclass
class Document:
    article: Article
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        def spans(items: list[dict[str, Any]]) -> list[Span]:
            return [Span(int(m["start"]), int(m["end"]), m["text"]) for m in items]

        return cls(
            article=Article(**d["article"]),
            text=d["text"],
            sentences=[Sentence(**s) for s in d.get("sentences", [])],
            actors=[Actor(**{**a, "mentions": spans(a.get("mentions", []))}) for a in d.get("actors", [])],
            places=[Place(**{**p, "mentions": spans(p.get("mentions", []))}) for p in d.get("places", [])],
            events=[
                Event(**{**e, "trigger": Span.from_dict(e["trigger"]), "plover": Plover(**e["plover"])})
                for e in d.get("events", [])
            ],
            quotes=[
                Quote(**{**q, **{k: Span.from_dict(q.get(k)) for k in ("source", "cue", "content")}})
                for q in d.get("quotes", [])
            ],
        )

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def sentence_at(self, offset: int) -> Sentence | None:
        return next((s for s in self.sentences if s.start <= offset < s.end), None)
