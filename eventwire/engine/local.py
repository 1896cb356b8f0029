"""Code articles on all cores: one `Pipeline` per worker process, results in input order.

Why processes: spaCy parsing and our own stages are CPU-bound Python, so threads would
serialise on the GIL. Why not fork: forking a process that already loaded spaCy/thinc (and
maybe started BLAS/thread pools) is unsafe; workers come from a forkserver (or spawn), build
their own Pipeline once in the pool initializer, and then code chunks of articles.

Why not `Pool.imap`: imap drains the input iterable from a pool-internal thread with no
bound. Our callers' iterables have side effects (ingest's reader checks and writes the
store while it yields), which must stay in the caller's thread, and a corpus must never be
buffered whole. So we submit chunks ourselves with `apply_async`, keep a bounded window of
chunks in flight, and yield each chunk's results in submission order - imap's ordering,
with back-pressure.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from multiprocessing.pool import AsyncResult

from eventwire.errors import InputError
from eventwire.model import Document
from eventwire.pipeline import ArticleInput, Failure, Pipeline

CHUNK_SIZE = 16  # articles per task: large enough to amortise pickling, small enough to balance
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: keeps workers busy while the parent writes

# Per-process worker state. It is set only by `_init_worker`, which runs inside each pool
# worker process; the parent process never reads or writes it (there it stays None). It is
# the one module-level mutable in eventwire because a pool task cannot carry a loaded
# spaCy model: each worker must hold its own Pipeline across tasks.
_WORKER_PIPELINE: Pipeline | None = None


@dataclass(frozen=True)
class _SentFailure:
    """A Failure as it crosses the process boundary.

    EventwireError prefixes its code to the message in __init__, so pickling the exception
    itself would re-run __init__ on the prefixed text ("[E101] [E101] ..."). We send the
    class and the bare reason and rebuild the same exception in the parent.
    """
    id: str | None
    kind: type[InputError]
    reason: str

    @classmethod
    def of(cls, failure: Failure) -> _SentFailure:
        return cls(failure.id, type(failure.error), failure.error.reason)

    def rebuild(self) -> Failure:
        return Failure(self.id, self.kind(self.reason))


def resolve_workers(workers: int) -> int:
    """0 means every core; anything else is taken as given (at least 1)."""
    if workers < 0:
        raise ValueError(f"workers must be >= 0, not {workers}")
    return workers or os.cpu_count() or 1


def code_parallel(articles: Iterable[ArticleInput], *, workers: int, raw: bool = False, batch_size: int = 32,
                  chunk_size: int = CHUNK_SIZE, model: str | None = None,
                  actor_files: Sequence[Path] = ()) -> Iterator[Document | Failure]:
    """Code `articles`, yielding one Document or Failure per article, in input order.

    workers == 1 is exactly `Pipeline().code_many(...)` in this process. With more workers
    the documents are identical: each worker runs the same Pipeline code on its chunks.
    Nothing is done (no model, no pool) until the first result is asked for.
    """
    workers = resolve_workers(workers)
    if workers == 1:
        yield from Pipeline(model=model, batch_size=batch_size, actor_files=actor_files).code_many(articles, raw=raw)
        return
    yield from _code_pool(iter(articles), workers, raw, batch_size, chunk_size, model, tuple(actor_files))


def _code_pool(articles: Iterator[ArticleInput], workers: int, raw: bool, batch_size: int, chunk_size: int,
               model: str | None, actor_files: tuple[Path, ...] = ()) -> Iterator[Document | Failure]:
    first = list(islice(articles, chunk_size))
    if not first:
        return  # empty input: do not start processes that would load a model for nothing
    pool = _context().Pool(workers, initializer=_init_worker, initargs=(model, batch_size, actor_files))
    try:
        pending: deque[AsyncResult[list[Document | _SentFailure]]] = deque()
        chunk = first
        limit = workers * IN_FLIGHT_PER_WORKER
        while chunk or pending:
            # Top up the window first, so workers are busy while we hand results back.
            while chunk and len(pending) < limit:
                pending.append(pool.apply_async(_code_chunk, (chunk, raw)))
                chunk = list(islice(articles, chunk_size))
            for result in pending.popleft().get():
                yield result.rebuild() if isinstance(result, _SentFailure) else result
        pool.close()
        pool.join()
    finally:
        # Early exit (consumer stopped, KeyboardInterrupt, worker error): stop the workers now.
        # After a clean close/join this is a no-op.
        pool.terminate()


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean server process that never loaded spaCy.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _init_worker(model: str | None, batch_size: int, actor_files: tuple[Path, ...] = ()) -> None:
    """Runs once in each worker process: load the model and data for every later task."""
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline(model=model, batch_size=batch_size, actor_files=actor_files)


def _code_chunk(chunk: list[ArticleInput], raw: bool) -> list[Document | _SentFailure]:
    """Runs in a worker: code one chunk with that worker's Pipeline."""
    assert _WORKER_PIPELINE is not None, "_code_chunk runs only in pool workers set up by _init_worker"
    return [_SentFailure.of(r) if isinstance(r, Failure) else r
            for r in _WORKER_PIPELINE.code_many(chunk, raw=raw)]


def worker_peak_rss() -> dict[int, int]:
    """Peak resident memory (bytes) of this process's live worker processes, by pid.

    VmHWM is the high-water mark, so reading it while the workers are still alive (before
    the last result is consumed and the pool shuts down) gives each worker's true peak.
    """
    peaks: dict[int, int] = {}
    for child in multiprocessing.active_children():
        try:
            with open(f"/proc/{child.pid}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmHWM:"):
                        peaks[child.pid] = int(line.split()[1]) * 1024  # reported in kB
        except OSError:
            continue  # not Linux, or the worker just exited
    return peaks
