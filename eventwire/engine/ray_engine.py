"""Code articles on Ray: one `Pipeline` (one spaCy model) per worker actor, results in input order.

The same contract as the local engine (local.py): one `Coded` or `Failure` per article, in
input order; a bad article is a Failure in the stream, never an exception; the caller's
iterable is drained in the caller's thread with a bounded window of chunks in flight, and
the caller (ingest's parent process) alone writes to the store.

Why actors and not tasks: loading the model and lexicons takes seconds; an actor loads them
once and codes every chunk it is sent. Each chunk goes to the actor with the fewest chunks
queued, so a slow chunk does not hold up a whole round. A chunk lost with its actor (the
actor process died) comes back as one Failure per article of it; the actor is restarted by
Ray for the chunks after it.

    ray.init(...)  # or let code_articles_ray start a local Ray, or pass address="ray://..."
    for result in code_articles_ray(articles, workers=4): ...

On a cluster, every node needs eventwire and the spaCy model installed (or a Ray
runtime_env that installs them); the parent needs only Ray's client.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from eventwire.engine.local import CHUNK_SIZE, IN_FLIGHT_PER_WORKER, resolve_workers
from eventwire.engine.tasks import Coded, SentFailure, ToRecode, code_chunk, rebuilt, recode_chunk
from eventwire.errors import InputError
from eventwire.pipeline import ArticleInput, Failure, Pipeline


class PipelineActor:
    """A Ray actor: one Pipeline, loaded once, coding the chunks it is sent."""

    def __init__(self, model: str | None, batch_size: int, actor_files: tuple[Path, ...]) -> None:
        self.pipeline = Pipeline(model=model, batch_size=batch_size, actor_files=actor_files)

    def ready(self) -> bool:
        return True

    def code(self, chunk: list[ArticleInput], raw: bool, keep_parses: bool) -> list[Coded | SentFailure]:
        return code_chunk(self.pipeline, chunk, raw, keep_parses)

    def recode(self, chunk: list[ToRecode]) -> list[Coded | SentFailure]:
        return recode_chunk(self.pipeline, chunk)


def code_articles_ray(articles: Iterable[ArticleInput], *, workers: int, raw: bool = False, batch_size: int = 32,
                      chunk_size: int = CHUNK_SIZE, model: str | None = None, actor_files: Sequence[Path] = (),
                      keep_parses: bool = False, address: str | None = None) -> Iterator[Coded | Failure]:
    """Like local.code_articles, on `workers` Ray actors (0: one per CPU Ray reports)."""
    yield from _run(iter(articles), "code", (raw, keep_parses), workers, batch_size, chunk_size, model,
                    tuple(actor_files), address)


def recode_articles_ray(items: Iterable[ToRecode], *, workers: int, batch_size: int = 32,
                        chunk_size: int = CHUNK_SIZE, model: str | None = None, actor_files: Sequence[Path] = (),
                        address: str | None = None) -> Iterator[Coded | Failure]:
    """Like local.recode_articles, on `workers` Ray actors."""
    yield from _run(iter(items), "recode", (), workers, batch_size, chunk_size, model, tuple(actor_files), address)


def _run(items: Iterator[Any], method: str, args: tuple[Any, ...], workers: int, batch_size: int, chunk_size: int,
         model: str | None, actor_files: tuple[Path, ...], address: str | None) -> Iterator[Coded | Failure]:
    first = list(islice(items, chunk_size))
    if not first:
        return  # empty input: no Ray, no actors
    import ray  # imported here: the local engine and the rest of eventwire never need Ray

    with _ray_session(ray, address, workers):
        count = resolve_workers(workers) if workers else max(1, int(ray.cluster_resources().get("CPU", 1)))
        remote = ray.remote(num_cpus=1, max_restarts=1)(PipelineActor)
        actors = [remote.remote(model, batch_size, actor_files) for _ in range(count)]
        try:
            ray.get([a.ready.remote() for a in actors])  # a model that cannot load fails here, once, plainly
            yield from _ordered(ray, actors, method, args, first, items, chunk_size)
        finally:
            for actor in actors:
                ray.kill(actor)


def _ordered(ray: Any, actors: list[Any], method: str, args: tuple[Any, ...], first: list[Any],
             items: Iterator[Any], chunk_size: int) -> Iterator[Coded | Failure]:
    """Chunks out to the least-loaded actor, a bounded window in flight, results back in submission order."""
    queued = [0] * len(actors)
    pending: deque[tuple[Any, int, list[Any]]] = deque()  # (result ref, actor index, chunk)
    limit = len(actors) * IN_FLIGHT_PER_WORKER
    chunk = first
    while chunk or pending:
        while chunk and len(pending) < limit:
            index = min(range(len(actors)), key=queued.__getitem__)
            pending.append((getattr(actors[index], method).remote(chunk, *args), index, chunk))
            queued[index] += 1
            chunk = list(islice(items, chunk_size))
        ref, index, sent = pending.popleft()
        queued[index] -= 1
        try:
            results = ray.get(ref)
        except ray.exceptions.RayError as exc:  # the actor died with this chunk (e.g. out of memory)
            results = [SentFailure(_id_of(item), InputError, f"the Ray worker coding it was lost: {exc}")
                       for item in sent]
        yield from rebuilt(results)


def _id_of(item: ArticleInput | ToRecode) -> str | None:
    return item.article.id if isinstance(item, ToRecode) else item.id


@contextmanager
def _ray_session(ray: Any, address: str | None, workers: int) -> Iterator[None]:
    """Use the running Ray (or connect to `address`); start a local one only if neither, and stop only that."""
    if ray.is_initialized():
        yield
        return
    if address:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    else:
        ray.init(num_cpus=resolve_workers(workers), include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()
