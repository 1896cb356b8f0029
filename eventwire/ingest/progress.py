"""What one ingest run did, shown while it runs and summed up at the end.

On a terminal the progress is one line redrawn in place (a bar with the share done when the
number of records is known beforehand, articles/s and ETA); anywhere else (a log file, a
pipe, CI) it is a plain line every N records, which stays readable when captured.
"""
from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import EventwireError
from eventwire.ingest.readers import ReadError, file_kind, source_files

_BAR_WIDTH = 24
_REDRAW_SECONDS = 0.2  # a terminal redrawn on every record would cost more than the records


def count_records(sources: Iterable[str | Path]) -> int | None:
    """How many records `sources` hold, found cheaply (file counts, line counts, CSV rows), or
    None when some file's count cannot be known without reading it fully (WARC, feeds)."""
    total = 0
    for item in source_files(sources):
        if isinstance(item, ReadError):
            total += 1  # reported as one failed record
            continue
        kind = file_kind(item)
        try:
            if kind in (".txt", ".html", ".htm"):
                total += 1
            elif kind == ".jsonl":
                with item.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif kind in (".csv", ".tsv"):
                total += _csv_rows(item, "\t" if kind == ".tsv" else ",")
            else:
                return None
        except (OSError, csv.Error, UnicodeDecodeError):
            return None  # the reader will report the file; an estimate is not worth failing for
    return total


def _csv_rows(path: Path, delimiter: str) -> int:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return max(sum(1 for row in csv.reader(handle, delimiter=delimiter) if row) - 1, 0)


@dataclass
class Tally:
    """What happened to each record of one ingest run, with progress shown every `every` records."""
    every: int
    echo: Callable[[str], None]
    terminal: TextIO | None = None  # set when stderr is a terminal: progress is a redrawn line there
    total: int | None = None  # records expected, when known beforehand
    read: int = 0  # records met, good or bad
    coded: int = 0  # coded and stored
    near_duplicates: int = 0  # stored uncoded, linked to the coded article they copy
    already_stored: int = 0  # id in the store before it was met
    exact_duplicates: int = 0  # id met earlier in this run
    failed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (error class, code) -> n
    unreadable: int = 0  # the failures that happened while reading, before coding
    started: float = field(default_factory=time.monotonic)
    _drawn: float = 0.0
    _bar_shown: bool = False

    @property
    def readable(self) -> int:
        """Records that were read well enough to be coded or skipped."""
        return self.read - self.unreadable

    @property
    def stored(self) -> int:
        return self.coded + self.near_duplicates

    @property
    def skipped(self) -> int:
        return self.already_stored + self.exact_duplicates

    def processed(self) -> int:
        return self.stored + self.skipped + sum(self.failed.values())

    def note_read(self) -> None:
        self.read += 1

    def note_coded(self) -> None:
        self.coded += 1
        self._tick()

    def note_near_duplicate(self) -> None:
        self.near_duplicates += 1
        self._tick()

    def note_already_stored(self) -> None:
        self.already_stored += 1
        self._tick()

    def note_exact_duplicate(self) -> None:
        self.exact_duplicates += 1
        self._tick()

    def note_failed(self, error: EventwireError, *, reading: bool) -> None:
        self.failed[(type(error).__name__, error.code)] += 1
        if reading:
            self.unreadable += 1
        self._tick()

    def message(self, line: str) -> None:
        """Print `line` (a skipped record, say) without tearing the progress bar."""
        if self.terminal is not None and self._bar_shown:
            self.terminal.write("\r\033[K")
            self._bar_shown = False
        self.echo(line)
        if self.terminal is not None:
            self._draw()

    def finish(self) -> None:
        """End the progress bar's line, so that the summary starts on its own."""
        if self.terminal is not None:
            self._draw()
            self.terminal.write("\n")
            self.terminal.flush()
            self._bar_shown = False

    def _tick(self) -> None:
        if self.terminal is not None:
            if time.monotonic() - self._drawn >= _REDRAW_SECONDS:
                self._draw()
        elif self.every > 0 and self.processed() % self.every == 0:
            self.echo(f"eventwire ingest: {self.processed()} records: {self._counts()} "
                      f"({self.processed() / self._elapsed():.1f} records/s)")

    def _draw(self) -> None:
        assert self.terminal is not None
        self._drawn = time.monotonic()
        done = self.processed()
        rate = done / self._elapsed()
        if self.total:
            share = min(done / self.total, 1.0)
            filled = int(share * _BAR_WIDTH)
            left = max(self.total - done, 0)
            eta = _duration(left / rate) if rate > 0 else "?"
            head = f"[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {done}/{self.total} {share:4.0%}"
            tail = f"{rate:.1f} articles/s, ETA {eta}"
        else:
            head, tail = f"{done} records", f"{rate:.1f} articles/s"
        line = (f"{head} | {tail} | coded {self.coded}, near-dup {self.near_duplicates}, "
                f"skipped {self.skipped}, failed {sum(self.failed.values())}")
        self.terminal.write("\r\033[K" + line)
        self.terminal.flush()
        self._bar_shown = True

    def _elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    def _counts(self) -> str:
        nd = self.near_duplicates
        # "; stored N," first: scripts (and tests) read the stored count from there.
        return (f"stored {self.stored}, {self.coded} coded + {nd} near-duplicate{'' if nd == 1 else 's'}, "
                f"skipped {self.skipped} ({self.already_stored} already stored, {self.exact_duplicates} exact "
                f"duplicate{'' if self.exact_duplicates == 1 else 's'}), failed {sum(self.failed.values())}")

    def summary(self, db: str) -> str:
        reasons = ", ".join(f"{n} {name} [{code}]" for (name, code), n in self.failed.most_common())
        return (f"eventwire ingest: read {self.read} record{'' if self.read == 1 else 's'}; {self._counts()}"
                f"{f' ({reasons})' if reasons else ''} in {self._elapsed():.1f}s "
                f"({self.processed() / self._elapsed():.1f} records/s); store {db}")

    def as_json(self, db: str) -> dict[str, Any]:
        """The summary as data (`eventwire ingest --summary-json`)."""
        failed: Counter[str] = Counter()
        for (_, code), n in self.failed.items():
            failed[code] += n
        return {
            "read": self.read, "stored": self.stored, "coded": self.coded, "near_duplicates": self.near_duplicates,
            "skipped": {"already_stored": self.already_stored, "exact_duplicate": self.exact_duplicates},
            "failed": sum(self.failed.values()), "failed_by_reason": dict(sorted(failed.items())),
            "seconds": round(self._elapsed(), 3), "records_per_second": round(self.processed() / self._elapsed(), 3),
            "store": db,
        }


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"
