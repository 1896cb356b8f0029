"""Near-duplicate detection: the same wire story run by several outlets is coded once.

A text is reduced to its set of word shingles (overlapping runs of SHINGLE_WORDS words of
the lower-cased text, punctuation dropped, so cleaning and typography do not matter), and
the set to a MinHash signature of NUM_PERM hash values. Signatures are cut into BANDS bands
of ROWS values; two texts whose signatures agree on a whole band are candidates (locality
sensitive hashing). With 32 bands of 4 rows a pair is a candidate with probability ~1 at
Jaccard 0.8, 0.87 at 0.5 and 0.05 at 0.2, so every threshold down to ~0.5 is served by the
same stored bands. A candidate is then checked first on its signature (estimated Jaccard)
and last on the exact Jaccard of the two shingle sets, which is what is compared with the
threshold and stored as `duplicates.similarity`.

Signatures and band buckets of every coded article live in the store (`minhash_signatures`,
`minhash_bands`), written in the transaction that stores the article, so detection spans
runs and resumed ingests, in DuckDB and PostgreSQL alike. Articles handed to the coder but
not yet stored are held in memory (`NearDuplicateIndex.hold`) so that two copies in one
batch are caught too, in input order.

The banding constants are part of the store format: changing them would orphan stored bands.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SEED = 1
DEFAULT_SIMILARITY = 0.8
# A text of fewer words is neither matched nor indexed: a handful of shared words (a dateline,
# a one-line brief) is no evidence that two outlets ran the same story.
MIN_WORDS = 20
# Candidates whose signatures estimate Jaccard this far below the threshold are not worth the
# exact check (the estimate's standard error at 128 permutations is under 0.045).
_ESTIMATE_SLACK = 0.2

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """What near-duplicate detection knows about one text."""
    shingles: frozenset[str]
    signature: np.ndarray  # NUM_PERM uint64 values
    bands: tuple[tuple[int, int], ...]  # (band number, bucket) pairs, BANDS of them

    def signature_bytes(self) -> bytes:
        return self.signature.astype("<u8").tobytes()


@dataclass(frozen=True)
class Match:
    """`article_id` (a coded article) is what the text copies, with exact shingle Jaccard `similarity`."""
    article_id: str
    similarity: float


class MinHashIndex(Protocol):
    """What a store offers near-duplicate detection (DocumentRows implements it)."""

    def minhash_candidates(self, bands: Iterable[tuple[int, int]]) -> dict[str, bytes]: ...

    def article_text(self, article_id: str) -> str | None: ...


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The text's overlapping runs of `size` words; a shorter text is one shingle."""
    tokens = words(text)
    if len(tokens) <= size:
        return frozenset([" ".join(tokens)]) if tokens else frozenset()
    return frozenset(" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def fingerprint(text: str) -> Fingerprint | None:
    """The text's shingles, MinHash signature and LSH bands; None for a text under MIN_WORDS words."""
    if len(words(text)) < MIN_WORDS:
        return None
    shingle_set = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in shingle_set])
    signature = np.asarray(minhash.hashvalues, dtype=np.uint64)
    return Fingerprint(shingle_set, signature, band_buckets(signature))


def band_buckets(signature: np.ndarray) -> tuple[tuple[int, int], ...]:
    """(band, bucket) for each band: the bucket is a signed 64-bit hash of the band's values (fits BIGINT)."""
    raw = signature.astype("<u8").tobytes()
    width = ROWS * 8
    return tuple((band, int.from_bytes(hashlib.blake2b(raw[band * width:(band + 1) * width], digest_size=8).digest(),
                                       "little", signed=True))
                 for band in range(BANDS))


def signature_from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<u8")


def estimated_similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass
class NearDuplicateIndex:
    """Finds the coded article (stored, or held while being coded) that a new text copies."""
    store: MinHashIndex
    threshold: float = DEFAULT_SIMILARITY
    # Articles handed to the coder and not yet stored: their bands are not in the store yet.
    _held: dict[str, Fingerprint] = field(default_factory=dict)
    _held_buckets: dict[tuple[int, int], list[str]] = field(default_factory=dict)

    def find(self, fp: Fingerprint) -> Match | None:
        """The best match at or above the threshold, or None. Held articles win ties (they came first)."""
        best: Match | None = None
        for article_id, similarity in self._verified(fp):
            if best is None or similarity > best.similarity:
                best = Match(article_id, similarity)
        return best

    def _verified(self, fp: Fingerprint) -> Iterable[tuple[str, float]]:
        floor = self.threshold - _ESTIMATE_SLACK
        held = {article_id for band in fp.bands for article_id in self._held_buckets.get(band, ())}
        for article_id in sorted(held):
            other = self._held[article_id]
            if estimated_similarity(fp.signature, other.signature) >= floor:
                similarity = jaccard(fp.shingles, other.shingles)
                if similarity >= self.threshold:
                    yield article_id, similarity
        for article_id, raw in sorted(self.store.minhash_candidates(fp.bands).items()):
            if article_id in held or estimated_similarity(fp.signature, signature_from_bytes(raw)) < floor:
                continue
            text = self.store.article_text(article_id)
            similarity = jaccard(fp.shingles, shingles(text)) if text is not None else 0.0
            if similarity >= self.threshold:
                yield article_id, similarity

    def hold(self, article_id: str, fp: Fingerprint) -> None:
        """`article_id` is being coded: later copies in this run link to it."""
        self._held[article_id] = fp
        for band in fp.bands:
            self._held_buckets.setdefault(band, []).append(article_id)

    def is_held(self, article_id: str) -> bool:
        return article_id in self._held

    def release(self, article_id: str) -> None:
        """`article_id` is stored (its bands are now in the store) or failed: stop holding it."""
        fp = self._held.pop(article_id, None)
        if fp is None:
            return
        for band in fp.bands:
            ids = self._held_buckets.get(band)
            if ids is not None:
                ids.remove(article_id)
                if not ids:
                    del self._held_buckets[band]
