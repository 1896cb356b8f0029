"""`eventwire bench`: how fast the pipeline codes, against bare spaCy, on 1 and N processes.

Everything is measured in one run on one sample, because only ratios are meaningful on a
shared, noisy machine:

    bare spaCy          nlp.pipe over the texts: same model, same batch size (the floor we build on)
    pipeline, here      the whole pipeline in this process, after the same warm-up as bare spaCy
    1 worker process    the whole pipeline through the worker pool, with one worker
    N worker processes  the same with N workers (what `ingest --workers N` does)

pipeline/bare compares the first two (same process, same warm caches). The speedup
compares the last two, which start alike: fresh worker processes that have never seen the
sample. (Comparing N fresh workers against the warm in-process run, as this command once
did, charged the workers for spaCy's first-sight costs - new strings, lexemes, allocator
growth, about a third more CPU on the first pass over a sample - and the 1-worker run for
none of them.) Model loading is kept out of every timing: the pool answers its first
(tiny) article only once every worker has loaded its model; start-up is reported apart.
"""
from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

import click

from eventwire.engine.local import code_in_pool, resolve_workers, worker_cpu_seconds, worker_peak_rss
from eventwire.errors import EventwireError
from eventwire.pipeline import ArticleInput, Pipeline

DEFAULT_CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "corpora"


def _sample(input_file: str | None, corpora: Path, every: int) -> list[ArticleInput]:
    """The articles to time, in memory: a benchmark sample is small by design (see --every)."""
    if input_file is not None:
        from eventwire.ingest.readers import SourceRecord, read_sources

        return [r.article for r in read_sources([input_file]) if isinstance(r, SourceRecord)]
    from eventwire.eval.corpora import CORPORA, read_all

    missing = [name for name in CORPORA if not (corpora / name).is_dir()]
    if missing:
        raise click.ClickException(
            f"corpora not found: {', '.join(str(corpora / m) for m in missing)}; "
            f"pass --corpora DIR or benchmark a file of your own with --input FILE")
    return [ArticleInput(a.text, id=f"{a.corpus}/{a.id}", published=a.published)
            for a in read_all(corpora, every=every)]


def _time_pool(articles: list[ArticleInput], workers: int, batch_size: int) -> dict[str, float]:
    """Seconds for N fresh worker processes to code `articles` once all are up, their start-up, their
    peak RSS, and the CPU seconds they and this process spent on the sample."""
    started = time.perf_counter()
    ready: dict[str, float] = {}
    cpu_ready: dict[int, float] = {}

    def note_ready() -> None:  # called once every worker has loaded its model, before work goes out
        cpu_ready.update(worker_cpu_seconds())
        ready.update(at=time.perf_counter(), parent=time.process_time())

    results = code_in_pool(articles, workers=workers, batch_size=batch_size, on_ready=note_ready)
    rss, cpu_done = 0, {}
    for done, _ in enumerate(results, 1):
        if done == len(articles):
            # Read the high-water marks and CPU clocks now: the pool shuts down when the generator ends.
            rss = max(worker_peak_rss().values(), default=0)
            cpu_done = worker_cpu_seconds()
    finished = time.perf_counter()
    if not rss:  # no /proc: the largest reaped child (Linux reports kB)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    worker_cpu = sum(cpu_done.values()) - sum(cpu_ready.get(pid, 0.0) for pid in cpu_done)
    return {"seconds": finished - ready["at"], "startup_seconds": ready["at"] - started, "rss": rss,
            "worker_cpu_seconds": worker_cpu, "parent_cpu_seconds": time.process_time() - ready["parent"]}


def _time_in_process(pipeline: Pipeline, articles: list[ArticleInput], batch_size: int,
                     repeats: int) -> tuple[float, float, float, float]:
    """Median wall and CPU seconds of bare parsing and of the whole pipeline, run alternately.

    Alternating the two and taking medians keeps a burst of load from other tenants of a
    shared machine from landing on one side of the ratio only.
    """
    bare: list[tuple[float, float]] = []
    whole: list[tuple[float, float]] = []
    for _ in range(repeats):
        for runs, work in ((bare, lambda: list(pipeline.nlp.pipe((a.text for a in articles), batch_size=batch_size))),
                           (whole, lambda: list(pipeline.code_many(articles)))):
            wall, cpu = time.perf_counter(), time.process_time()
            work()
            runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return (statistics.median(w for w, _ in bare), statistics.median(w for w, _ in whole),
            statistics.median(c for _, c in bare), statistics.median(c for _, c in whole))


@click.command()
@click.option("--input", "input_file", type=click.Path(exists=True, dir_okay=False),
              help="Benchmark these articles (any format `ingest` reads) instead of the corpora sample.")
@click.option("--corpora", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_CORPORA,
              show_default=True, help="The evaluation corpora (Guardian, FNC-1, BBC).")
@click.option("--every", default=40, show_default=True, type=click.IntRange(min=1),
              help="Take every N-th article of each corpus.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=0),
              help="Processes for the parallel run, compared with 1 (0: one per core).")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(min=1),
              help="Articles per spaCy batch, for every run.")
@click.option("--repeats", default=3, show_default=True, type=click.IntRange(min=1),
              help="Alternating bare/pipeline runs in this process; medians are reported.")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON instead of a table.")
def bench(input_file: str | None, corpora: Path, every: int, workers: int, batch_size: int, repeats: int,
          as_json: bool) -> None:
    """Time bare spaCy parsing, the whole pipeline on 1 process and on N processes, on the same sample."""
    workers = resolve_workers(workers)
    articles = _sample(input_file, corpora, every)
    if not articles:
        raise click.ClickException("no articles to benchmark")
    words = sum(len(a.text.split()) for a in articles)
    try:
        pipeline = Pipeline(batch_size=batch_size)
        list(pipeline.code_many(articles[:5]))  # warm lazy caches (gazetteer, lexicons) out of the timings
        # One untimed pass first: the first parse of a sample grows spaCy's string store and
        # allocator, which would otherwise be charged to whichever run goes first.
        list(pipeline.nlp.pipe((a.text for a in articles), batch_size=batch_size))
        bare, single, bare_cpu, single_cpu = _time_in_process(pipeline, articles, batch_size, repeats)
        del pipeline  # free the parent's model before the workers load theirs
        pool_one = _time_pool(articles, 1, batch_size)
        parallel = _time_pool(articles, workers, batch_size)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    rate = {"bare": words / bare, "one": words / single, "pool_one": words / pool_one["seconds"],
            "many": words / parallel["seconds"]}
    numbers = {
        "articles": len(articles), "words": words, "workers": workers, "batch_size": batch_size,
        "bare_spacy_words_per_s": rate["bare"], "pipeline_1_worker_words_per_s": rate["one"],
        "pool_1_worker_words_per_s": rate["pool_one"], "pipeline_n_workers_words_per_s": rate["many"],
        "pool_startup_s": parallel["startup_seconds"], "pipeline_over_bare": rate["one"] / rate["bare"],
        "pipeline_over_bare_cpu": bare_cpu / single_cpu if single_cpu > 0 else 0.0, "repeats": repeats,
        "speedup": rate["many"] / rate["pool_one"], "max_worker_rss_bytes": max(parallel["rss"], pool_one["rss"]),
        # CPU seconds the workers spent on the sample: on a machine others share, wall-clock
        # speedups swing with their load; CPU time shows whether N workers do the same work
        # as one (efficiency 1.0) or pay extra for splitting it.
        "worker_cpu_s_1_worker": pool_one["worker_cpu_seconds"], "worker_cpu_s_n_workers": parallel["worker_cpu_seconds"],
        "parent_cpu_s_n_workers": parallel["parent_cpu_seconds"],
        "cpu_efficiency": (pool_one["worker_cpu_seconds"] / parallel["worker_cpu_seconds"]
                           if parallel["worker_cpu_seconds"] > 0 else 0.0),
    }
    if as_json:
        click.echo(json.dumps(numbers, indent=2))
        return
    out = sys.stdout
    print(f"{len(articles)} articles, {words} words, batch size {batch_size}", file=out)
    print(f"{'run':<28}{'words/s':>12}", file=out)
    print(f"{'bare spaCy':<28}{rate['bare']:>12.0f}", file=out)
    print(f"{'pipeline, this process':<28}{rate['one']:>12.0f}", file=out)
    print(f"{'pipeline, 1 worker process':<28}{rate['pool_one']:>12.0f}", file=out)
    print(f"{f'pipeline, {workers} worker processes':<28}{rate['many']:>12.0f}"
          f"   (+{parallel['startup_seconds']:.1f}s pool startup, not timed)", file=out)
    print(f"pipeline/bare {numbers['pipeline_over_bare']:.2f} (CPU time {numbers['pipeline_over_bare_cpu']:.2f}; "
          f"medians of {repeats})  speedup 1->{workers} workers {numbers['speedup']:.2f}  "
          f"max worker RSS {numbers['max_worker_rss_bytes'] / 1e9:.1f} GB", file=out)
    print(f"worker CPU seconds: 1 worker {numbers['worker_cpu_s_1_worker']:.1f}, {workers} workers "
          f"{numbers['worker_cpu_s_n_workers']:.1f} (efficiency {numbers['cpu_efficiency']:.2f}); "
          f"parent {numbers['parent_cpu_s_n_workers']:.1f}", file=out)
