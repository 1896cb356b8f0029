"""The event ontologies: CAMEO codes, their GDELT weights, and their PLOVER equivalents.

Every coded event carries both a CAMEO code (as GDELT publishes it) and a PLOVER type, and
the contract says both are always filled. This module is the one place that knows how the
two relate, so the event coder, the exporters and the evaluation all agree.

The facts live in data files under ``eventwire/data/ontology/`` (our own format, written from
the public CAMEO, GDELT and PLOVER references), not in code, so they can be reviewed and
versioned like the lexicons:

``cameo.tsv``
    One row per CAMEO code GDELT uses (311, roots ``01``..``20`` included):
    ``code name goldstein quad_class plover_type plover_mode plover_context``.
    ``goldstein`` and ``quad_class`` are GDELT's. An empty ``plover_mode`` means no mode;
    ``plover_context`` is a ``|``-separated list, empty for none.
``plover.tsv``
    The 16 PLOVER types: ``type quad_class modes definition``; ``modes`` is ``|``-separated
    and lists the modes the PLOVER manual allows for that type (empty: the type has none).
``plover_contexts.tsv``
    The PLOVER manual's general contexts: ``context definition``.
``cameo_plover_notes.tsv``
    Every place where ``cameo.tsv`` is not a verbatim copy of a reference fact: our PLOVER
    fallback for CAMEO 01 (statements) and 02 (appeals), which PLOVER drops; the handful of
    rows where the CAMEO->PLOVER 2021 table contradicts the 2021 PLOVER manual; corrected
    code names. Read by the tests, not at run time.

Old PLOVER labels (the 0.5 label set of the PLOVER gold standard) are translated with
``OLD_PLOVER_LABELS``; the one that also implies a mode is in ``OLD_PLOVER_MODES``.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files
from types import MappingProxyType

__all__ = [
    "CameoCode",
    "PloverType",
    "Ontology",
    "OLD_PLOVER_LABELS",
    "OLD_PLOVER_MODES",
    "QUAD_CLASSES",
]

# Read-only views, so importing modules cannot change them for everyone else.
OLD_PLOVER_LABELS: Mapping[str, str] = MappingProxyType(
    {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
)
"""Older PLOVER labels (used by the PLOVER gold standard) -> current PLOVER types."""

OLD_PLOVER_MODES: Mapping[str, str] = MappingProxyType({"INVESTIGATE": "investigate"})
"""Old labels whose meaning survives as a mode of the new type (INVESTIGATE -> ACCUSE/investigate)."""

QUAD_CLASSES: Mapping[int, str] = MappingProxyType(
    {
        1: "verbal cooperation",
        2: "material cooperation",
        3: "verbal conflict",
        4: "material conflict",
    }
)
"""GDELT's QuadClass numbers and what they mean."""

_DATA_PACKAGE = "eventwire"
_DATA_DIR = ("data", "ontology")
_LIST_SEP = "|"


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with GDELT's weights and its PLOVER equivalent.

    ``code`` keeps its leading zero ("043"), as in GDELT files: "43" is not a code.
    ``quad_class`` is GDELT's QuadClass, which follows the CAMEO root, not the PLOVER type
    (GDELT puts root 14, protest, in verbal conflict while PLOVER calls PROTEST material).
    """

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str
    plover_mode: str | None
    plover_context: tuple[str, ...]

    @property
    def root(self) -> str:
        """The two-digit cue category ("04" for "043"), i.e. GDELT's EventRootCode."""
        return self.code[:2]

    @property
    def base(self) -> str:
        """GDELT's EventBaseCode: the three-digit code ("043" for "0431"), or the root itself."""
        return self.code[:3]


@dataclass(frozen=True)
class PloverType:
    """One of the 16 PLOVER event types, with the modes the PLOVER manual allows for it."""

    name: str
    quad_class: int
    modes: tuple[str, ...]
    definition: str


class Ontology:
    """CAMEO and PLOVER, loaded once and then read-only.

    There is deliberately no module-level cache: a caller (a pipeline, a worker actor, a
    test) loads one ``Ontology`` and passes it on, so there is no hidden global state to
    reset or to ship between processes.
    """

    def __init__(
        self,
        codes: Mapping[str, CameoCode],
        plover: Mapping[str, PloverType],
        contexts: Mapping[str, str],
    ) -> None:
        """Build from already-parsed tables and check they are consistent with each other.

        Checking here means a bad edit to a data file fails at load time with the row named,
        instead of producing events with a type or mode no consumer understands.
        """
        self._codes: Mapping[str, CameoCode] = MappingProxyType(dict(sorted(codes.items())))
        self._plover: Mapping[str, PloverType] = MappingProxyType(dict(plover))
        self._contexts: Mapping[str, str] = MappingProxyType(dict(contexts))
        for c in self._codes.values():
            ptype = self._plover.get(c.plover_type)
            if ptype is None:
                raise ValueError(f"CAMEO {c.code}: unknown PLOVER type {c.plover_type!r}")
            if c.plover_mode is not None and c.plover_mode not in ptype.modes:
                raise ValueError(
                    f"CAMEO {c.code}: mode {c.plover_mode!r} is not a {c.plover_type} mode {ptype.modes}"
                )
            unknown = [x for x in c.plover_context if x not in self._contexts]
            if unknown:
                raise ValueError(f"CAMEO {c.code}: unknown PLOVER context(s) {unknown}")
            if c.quad_class not in QUAD_CLASSES:
                raise ValueError(f"CAMEO {c.code}: quad class {c.quad_class} is not 1-4")

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls) -> Ontology:
        """Read the packaged data files (``eventwire/data/ontology``).

        Uses ``importlib.resources`` so it works from a source tree, a wheel or a zip.
        """
        # One segment per joinpath: a namespace package's MultiplexedPath (3.11) takes one.
        root = files(_DATA_PACKAGE)
        for part in _DATA_DIR:
            root = root.joinpath(part)

        def read(name: str) -> str:
            return root.joinpath(name).read_text(encoding="utf-8")

        codes: dict[str, CameoCode] = {}
        for row in _rows(read("cameo.tsv"), "cameo.tsv"):
            code = CameoCode(
                code=row["code"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover_type=row["plover_type"],
                plover_mode=row["plover_mode"] or None,
                plover_context=_split(row["plover_context"]),
            )
            if code.code in codes:
                raise ValueError(f"cameo.tsv: duplicate code {code.code}")
            codes[code.code] = code
        plover = {
            row["type"]: PloverType(
                name=row["type"],
                quad_class=int(row["quad_class"]),
                modes=_split(row["modes"]),
                definition=row["definition"],
            )
            for row in _rows(read("plover.tsv"), "plover.tsv")
        }
        contexts = {
            row["context"]: row["definition"]
            for row in _rows(read("plover_contexts.tsv"), "plover_contexts.tsv")
        }
        return cls(codes, plover, contexts)

    # ------------------------------------------------------------------ CAMEO
    def cameo(self, code: str) -> CameoCode:
        """The entry for a CAMEO code; ``KeyError`` naming the code if GDELT does not use it."""
        try:
            return self._codes[code]
        except (KeyError, TypeError):
            hint = ""
            if isinstance(code, str) and "0" + code in self._codes:
                hint = f" (did you mean {'0' + code!r}? CAMEO codes keep their leading zero)"
            raise KeyError(f"unknown CAMEO event code {code!r}{hint}") from None

    def is_valid(self, code: str) -> bool:
        """Whether ``code`` is a CAMEO code GDELT uses (strings only; "043", not 43)."""
        return isinstance(code, str) and code in self._codes

    def codes(self) -> tuple[CameoCode, ...]:
        """All codes in hierarchical order ("01", "010", ..., "0211", "022", ...)."""
        return tuple(self._codes.values())

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._codes

    def codes_under(self, root: str) -> list[CameoCode]:
        """The code ``root`` and everything below it, in hierarchical order.

        Accepts any code as the prefix: ``"04"`` gives 04, 040..046; ``"023"`` gives
        023, 0231..0234.
        """
        self.cameo(root)  # unknown prefix -> KeyError with the usual message
        return [c for c in self._codes.values() if c.code.startswith(root)]

    def quad_class(self, code: str) -> int:
        """GDELT's QuadClass for a code (1-4, see ``QUAD_CLASSES``)."""
        return self.cameo(code).quad_class

    def goldstein(self, code: str) -> float:
        """GDELT's Goldstein weight for a code (-10 conflict .. +10 cooperation)."""
        return self.cameo(code).goldstein

    # ------------------------------------------------------------------ PLOVER
    def plover_types(self) -> tuple[str, ...]:
        """The 16 PLOVER types, cooperative to conflictual, as in the PLOVER manual."""
        return tuple(self._plover)

    def plover_type(self, name: str) -> PloverType:
        """Definition, quad class and modes of a PLOVER type; ``KeyError`` if unknown.

        Old gold-standard labels (DEMAND, FIGHT, ...) are not accepted here on purpose:
        translate them with ``OLD_PLOVER_LABELS`` where old data is read.
        """
        try:
            return self._plover[name]
        except KeyError:
            hint = ""
            if name in OLD_PLOVER_LABELS:
                hint = f" ({name!r} is an old PLOVER label: now {OLD_PLOVER_LABELS[name]!r})"
            raise KeyError(f"unknown PLOVER type {name!r}{hint}") from None

    def plover_modes(self, plover_type: str) -> tuple[str, ...]:
        """Modes the PLOVER manual allows for a type; empty for types without modes."""
        return self.plover_type(plover_type).modes

    def plover_contexts(self) -> tuple[str, ...]:
        """The PLOVER manual's general contexts (usable with any type)."""
        return tuple(self._contexts)

    def plover_context_definition(self, context: str) -> str:
        """Our one-line definition of a PLOVER context; ``KeyError`` if unknown."""
        try:
            return self._contexts[context]
        except KeyError:
            raise KeyError(f"unknown PLOVER context {context!r}") from None


def _split(value: str) -> tuple[str, ...]:
    """A ``|``-separated cell as a tuple; the empty cell is the empty tuple."""
    return tuple(part for part in value.split(_LIST_SEP) if part)


def _rows(text: str, name: str) -> Iterator[dict[str, str]]:
    """Rows of one of our TSV files, with the file name in any error.

    QUOTE_NONE because names contain double quotes ('Meet at a "third" location') that are
    text, not CSV quoting.
    """
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    for line_no, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"{name} line {line_no}: wrong number of columns")
        yield row
