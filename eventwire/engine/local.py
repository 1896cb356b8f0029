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
with back-pressure. No chunk goes out before every worker has loaded its model, so the
first worker up does not take the first several chunks alone.

What a worker does with a chunk (parse and code, or recode from stored parses) is in
tasks.py, shared with the Ray engine; results cross back as plain data, a failure per
article included.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import islice
from pathlib import Path
from multiprocessing.pool import AsyncResult
from typing import TypeVar

from threadpoolctl import threadpool_limits

from eventwire.engine.tasks import Coded, SentFailure, ToRecode, code_chunk, rebuilt, recode_chunk
from eventwire.errors import EventwireError
from eventwire.model import Document
from eventwire.pipeline import ArticleInput, Failure, Pipeline

CHUNK_SIZE = 16  # articles per task: large enough to amortise pickling, small enough to balance
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: keeps workers busy while the parent writes

Item = TypeVar("Item")
ChunkTask = Callable[[Pipeline, list[Item]], list[Coded | SentFailure]]

# Per-process worker state. It is set only by `_init_worker`, which runs inside each pool
# worker process; the parent process never reads or writes it (there it stays None). It is
# the one module-level mutable in eventwire because a pool task cannot carry a loaded
# spaCy model: each worker must hold its own Pipeline across tasks.
_WORKER_PIPELINE: Pipeline | None = None


def resolve_workers(workers: int) -> int:
    """0 means every core; anything else is taken as given (at least 1)."""
    if workers < 0:
        raise ValueError(f"workers must be >= 0, not {workers}")
    return workers or os.cpu_count() or 1


def code_parallel(articles: Iterable[ArticleInput], *, workers: int, raw: bool = False, batch_size: int = 32,
                  chunk_size: int = CHUNK_SIZE, model: str | None = None,
                  actor_files: Sequence[Path] = ()) -> Iterator[Document | Failure]:
    """Code `articles`, yielding one Document or Failure per article, in input order.

    workers == 1 runs the Pipeline in this process. With more workers the documents are
    identical: each worker runs the same Pipeline code on its chunks. Nothing is done (no
    model, no pool) until the first result is asked for.
    """
    for result in code_articles(articles, workers=workers, raw=raw, batch_size=batch_size, chunk_size=chunk_size,
                                model=model, actor_files=actor_files):
        yield result.document if isinstance(result, Coded) else result


def code_articles(articles: Iterable[ArticleInput], *, workers: int, raw: bool = False, batch_size: int = 32,
                  chunk_size: int = CHUNK_SIZE, model: str | None = None, actor_files: Sequence[Path] = (),
                  keep_parses: bool = False) -> Iterator[Coded | Failure]:
    """`code_parallel`, each result a `Coded` that also carries the article's parse if `keep_parses`."""
    task = partial(_code_task, raw=raw, keep_parses=keep_parses)
    yield from _run(articles, task, workers, batch_size, chunk_size, model, actor_files)


def recode_articles(items: Iterable[ToRecode], *, workers: int, batch_size: int = 32, chunk_size: int = CHUNK_SIZE,
                    model: str | None = None, actor_files: Sequence[Path] = ()) -> Iterator[Coded | Failure]:
    """Code stored articles again from their stored parses (see tasks.recode_chunk), in input order."""
    yield from _run(items, _recode_task, workers, batch_size, chunk_size, model, actor_files)


def _code_task(pipeline: Pipeline, chunk: list[ArticleInput], *, raw: bool, keep_parses: bool
               ) -> list[Coded | SentFailure]:
    return code_chunk(pipeline, chunk, raw, keep_parses)


def _recode_task(pipeline: Pipeline, chunk: list[ToRecode]) -> list[Coded | SentFailure]:
    return recode_chunk(pipeline, chunk)


def _run(items: Iterable[Item], task: ChunkTask, workers: int, batch_size: int, chunk_size: int,
         model: str | None, actor_files: Sequence[Path]) -> Iterator[Coded | Failure]:
    workers = resolve_workers(workers)
    items = iter(items)
    if workers == 1:
        # In this process, in chunks of a whole spaCy batch (smaller chunks would only
        # shrink the batches); nothing is loaded before the first item arrives.
        chunk = list(islice(items, batch_size))
        if not chunk:
            return
        pipeline = Pipeline(model=model, batch_size=batch_size, actor_files=actor_files)
        while chunk:
            yield from rebuilt(task(pipeline, chunk))
            chunk = list(islice(items, batch_size))
        return
    yield from _run_pool(items, task, workers, batch_size, chunk_size, model, tuple(actor_files))


def code_in_pool(articles: Iterable[ArticleInput], *, workers: int, batch_size: int = 32,
                 chunk_size: int = CHUNK_SIZE, on_ready: Callable[[], None] | None = None
                 ) -> Iterator[Document | Failure]:
    """`code_parallel` through worker processes even for workers == 1, so that `eventwire bench`
    compares 1 and N workers on the same footing: fresh processes, same chunks, same transfers.
    `on_ready` is called once every worker has loaded its model, just before work goes out."""
    task = partial(_code_task, raw=False, keep_parses=False)
    for result in _run_pool(iter(articles), task, resolve_workers(workers), batch_size, chunk_size, None, (),
                            on_ready):
        yield result.document if isinstance(result, Coded) else result


def _run_pool(items: Iterator[Item], task: ChunkTask, workers: int, batch_size: int, chunk_size: int,
              model: str | None, actor_files: tuple[Path, ...], on_ready: Callable[[], None] | None = None
              ) -> Iterator[Coded | Failure]:
    first = list(islice(items, chunk_size))
    if not first:
        return  # empty input: do not start processes that would load a model for nothing
    context = _context()
    started = _WorkerStarts(context)
    pool = context.Pool(workers, initializer=_init_worker, initargs=(model, batch_size, actor_files, started))
    try:
        # Work goes out once every worker holds its model: otherwise the first worker up takes
        # the first chunks while the others still load, and the chunks end up unevenly spread.
        started.wait_for(workers)
        if on_ready is not None:
            on_ready()
        pending: deque[AsyncResult[list[Coded | SentFailure]]] = deque()
        chunk = first
        limit = workers * IN_FLIGHT_PER_WORKER
        while chunk or pending:
            # Top up the window first, so workers are busy while we hand results back.
            while chunk and len(pending) < limit:
                pending.append(pool.apply_async(_in_worker, (task, chunk)))
                chunk = list(islice(items, chunk_size))
            yield from rebuilt(pending.popleft().get())
        pool.close()
        pool.join()
    finally:
        # Early exit (consumer stopped, KeyboardInterrupt, worker error): stop the workers now.
        # After a clean close/join this is a no-op.
        pool.terminate()


class _WorkerStarts:
    """How many pool workers have loaded their Pipeline, and the first start-up error, shared with them."""

    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.ready = context.Value("i", 0)
        self.error = context.Array("c", 2000)

    def note_ready(self) -> None:
        with self.ready.get_lock():
            self.ready.value += 1

    def note_error(self, exc: BaseException) -> None:
        with self.error.get_lock():
            if not self.error.value:
                self.error.value = f"{type(exc).__name__}: {exc}".encode("utf-8", "replace")[:1999]

    def wait_for(self, workers: int) -> None:
        while self.ready.value < workers:
            if self.error.value:
                message = self.error.value.decode("utf-8", "replace")
                raise EventwireError(f"a coding worker could not start: {message}")
            time.sleep(0.02)


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean server process that never loaded spaCy.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _init_worker(model: str | None, batch_size: int, actor_files: tuple[Path, ...], started: _WorkerStarts) -> None:
    """Runs once in each worker process: load the model and data for every later task."""
    global _WORKER_PIPELINE
    # One BLAS thread per worker: the workers already fill the cores, and N workers each
    # running N OpenBLAS threads only contend (measured: CPU efficiency 0.85-0.90 -> 0.94).
    threadpool_limits(limits=1)
    try:
        _WORKER_PIPELINE = Pipeline(model=model, batch_size=batch_size, actor_files=actor_files)
    except BaseException as exc:
        # Raising here would only make the pool start another worker that fails the same way;
        # the parent reads the error and stops instead.
        started.note_error(exc)
        return
    started.note_ready()


def _in_worker(task: ChunkTask, chunk: list[Item]) -> list[Coded | SentFailure]:
    """Runs in a worker: one chunk through that worker's Pipeline."""
    assert _WORKER_PIPELINE is not None, "pool tasks run only in workers set up by _init_worker"
    return task(_WORKER_PIPELINE, chunk)


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


def worker_cpu_seconds() -> dict[int, float]:
    """CPU seconds (user + system) used so far by this process's live worker processes, by pid (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    used: dict[int, float] = {}
    for child in multiprocessing.active_children():
        try:
            with open(f"/proc/{child.pid}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # not Linux, or the worker just exited
        used[child.pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used
