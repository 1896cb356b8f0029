"""`eventwire bench`: how fast the pipeline codes, against bare spaCy, on 1 and N processes.

Everything is measured in one run on one sample, because only ratios are meaningful on a
shared, noisy machine:

    bare spaCy     nlp.pipe over the texts: same model, same batch size (the floor we build on)
    1 worker       the whole pipeline in this process (what `ingest` does by default)
    N workers      the whole pipeline through `code_parallel` (what `ingest --workers N` does)

Model loading is kept out of every timing: the in-process pipeline is warmed first, and
the pool is warmed with one tiny chunk per worker, its startup reported separately.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import click

from eventwire.engine.local import CHUNK_SIZE, code_parallel, resolve_workers, worker_peak_rss
from eventwire.errors import EventwireError
from eventwire.pipeline import ArticleInput, Pipeline

DEFAULT_CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "corpora"
_WARM_TEXT = "Officials met in Geneva on Monday."


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


def _time_parallel(articles: list[ArticleInput], workers: int, batch_size: int) -> dict[str, float]:
    """Seconds for N workers to code `articles` once they are up, their startup, and their peak RSS."""
    warm = [ArticleInput(_WARM_TEXT, id=f"warm-{i}") for i in range(workers * CHUNK_SIZE)]
    started = time.perf_counter()
    results: Iterator[object] = code_parallel(chain(warm, articles), workers=workers, batch_size=batch_size)
    for _ in warm:
        next(results)  # every worker has loaded its model once the warm-up chunks are back
    ready = time.perf_counter()
    rss = 0
    for done, _ in enumerate(results, 1):
        if done == len(articles):
            # Read the high-water marks now: the pool shuts down when the generator ends.
            rss = max(worker_peak_rss().values(), default=0)
    finished = time.perf_counter()
    if not rss:  # no /proc: the largest reaped child (Linux reports kB)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"seconds": finished - ready, "startup_seconds": ready - started, "rss": rss}


@click.command()
@click.option("--input", "input_file", type=click.Path(exists=True, dir_okay=False),
              help="Benchmark these articles (any format `ingest` reads) instead of the corpora sample.")
@click.option("--corpora", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_CORPORA,
              show_default=True, help="The evaluation corpora (Guardian, FNC-1, BBC).")
@click.option("--every", default=40, show_default=True, type=click.IntRange(min=1),
              help="Take every N-th article of each corpus.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=0),
              help="Processes for the parallel run (0: one per core).")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(min=1),
              help="Articles per spaCy batch, for every run.")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON instead of a table.")
def bench(input_file: str | None, corpora: Path, every: int, workers: int, batch_size: int, as_json: bool) -> None:
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
        started = time.perf_counter()
        list(pipeline.nlp.pipe((a.text for a in articles), batch_size=batch_size))
        bare = time.perf_counter() - started
        started = time.perf_counter()
        list(pipeline.code_many(articles))
        single = time.perf_counter() - started
        del pipeline  # free the parent's model before the workers load theirs
        parallel = _time_parallel(articles, workers, batch_size)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    rate = {"bare": words / bare, "one": words / single, "many": words / parallel["seconds"]}
    numbers = {
        "articles": len(articles), "words": words, "workers": workers, "batch_size": batch_size,
        "bare_spacy_words_per_s": rate["bare"], "pipeline_1_worker_words_per_s": rate["one"],
        "pipeline_n_workers_words_per_s": rate["many"], "pool_startup_s": parallel["startup_seconds"],
        "pipeline_over_bare": rate["one"] / rate["bare"], "speedup": rate["many"] / rate["one"],
        "max_worker_rss_bytes": parallel["rss"],
    }
    if as_json:
        click.echo(json.dumps(numbers, indent=2))
        return
    out = sys.stdout
    print(f"{len(articles)} articles, {words} words, batch size {batch_size}", file=out)
    print(f"{'run':<28}{'words/s':>12}", file=out)
    print(f"{'bare spaCy':<28}{rate['bare']:>12.0f}", file=out)
    print(f"{'pipeline, 1 worker':<28}{rate['one']:>12.0f}", file=out)
    print(f"{f'pipeline, {workers} workers':<28}{rate['many']:>12.0f}"
          f"   (+{parallel['startup_seconds']:.1f}s pool startup, not timed)", file=out)
    print(f"pipeline/bare {numbers['pipeline_over_bare']:.2f}  speedup 1->{workers} {numbers['speedup']:.2f}  "
          f"max worker RSS {parallel['rss'] / 1e9:.1f} GB", file=out)
