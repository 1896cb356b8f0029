"""`eventwire eval`: score the pipeline against a gold set, in-process.

Each subcommand prints the same report as the official judge in ../shared/tools, and its
last line is the judge's summary line, character for character, so numbers can be compared
(and quoted in benchmarks) without running the judge's subprocess.
"""
from __future__ import annotations

from pathlib import Path

import click

from eventwire.errors import EventwireError
from eventwire.eval import gsr, polnear
from eventwire.pipeline import Pipeline


def _pipeline(batch_size: int) -> Pipeline:
    try:
        return Pipeline(batch_size=batch_size)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group("eval")
def eval_group() -> None:
    """Score the pipeline against a gold set (numbers agree with ../shared/tools judges)."""


@eval_group.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--show-misses", is_flag=True, help="List gold sentences whose event and dyad were not found.")
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
def events(gold: Path, show_misses: bool, batch_size: int) -> None:
    """Score event coding against a PLOVER gold-standard JSON file (type P/R/F1, dyad recall)."""
    score = gsr.evaluate(_pipeline(batch_size), gold)
    for line in score.report_lines(show_misses=show_misses):
        click.echo(line)


@eval_group.command()
@click.argument("split_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", default=0, show_default=True, help="Score only the first N articles (0: all).")
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
def quotes(split_dir: Path, limit: int, batch_size: int) -> None:
    """Score quote attribution against a PolNeAR split directory (text/ and attributions/)."""
    score = polnear.evaluate(_pipeline(batch_size), split_dir, limit)
    for line in score.report_lines():
        click.echo(line)


REGRESSION_SET = Path(__file__).resolve().parents[1] / "data" / "eval" / "events_regression.json"
PETRARCH_GSR = Path(__file__).resolve().parents[3] / "shared" / "data" / "gold" / "universalpetrarch" / "PETR2_GSR_validation.xml"


@eval_group.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the fitted model [default: eventwire/data/events/confidence.json].")
@click.option("--petrarch", type=click.Path(dir_okay=False, path_type=Path), default=PETRARCH_GSR, show_default=True,
              help="UniversalPetrarch GSR validation records, used as extra training data when present.")
@click.option("--l2", default=1.0, show_default=True, help="L2 penalty on the weights.")
@click.option("--version", "version", default="v1", show_default=True, help="Version string stored in the model file.")
def calibrate(out: Path | None, petrarch: Path, l2: float, version: str) -> None:
    """Fit event confidence on our regression set, PETR-2 GSR records and the real-news gold
    train split; never on the PLOVER dev set or a real-news dev or test split."""
    import json

    from eventwire.eval import calibration
    from eventwire.events.confidence import DEFAULT_PATH

    pipeline = _pipeline(32)
    labelled = calibration.label_events(pipeline, gsr.load_gold(REGRESSION_SET), calibration.plover_judge)
    sources = [f"{REGRESSION_SET.name} ({len(labelled)} events)"]
    if petrarch.exists():
        extra = calibration.label_events(pipeline, calibration.petrarch_records(petrarch),
                                         calibration.petrarch_judge(pipeline.events.ontology))
        labelled += extra
        sources.append(f"{petrarch.name} ({len(extra)} events)")
    else:
        click.echo(f"{petrarch} is absent: fitting on the regression set alone", err=True)
    from eventwire.eval.news.sources import DEFAULT_SHARED, MissingText

    try:
        news = calibration.label_events(pipeline, calibration.news_records("train", DEFAULT_SHARED),
                                        calibration.news_judge, raw=True)
        labelled += news
        sources.append(f"real-news gold train split ({len(news)} events)")
    except MissingText as exc:
        click.echo(f"the real-news gold texts are absent ({exc}): fitting without them", err=True)
    model = calibration.fit(labelled, l2=l2, version=version, fitted_on=" + ".join(sources))
    target = out or DEFAULT_PATH
    target.write_text(json.dumps(model.to_json(), indent=2) + "\n", encoding="utf-8")
    click.echo(f"wrote {target}: fitted on {model.fitted_on}")
    for name in sorted(model.weights, key=lambda k: -abs(model.weights[k])):
        click.echo(f"  {name:26s} {model.weights[name]:+.3f}")
    click.echo(f"  {'bias':26s} {model.bias:+.3f}")
    pipeline.events.confidence = model
    click.echo("training-set reliability (in-sample):")
    trained = calibration.label_events(pipeline, gsr.load_gold(REGRESSION_SET), calibration.plover_judge)
    for line in calibration.reliability_lines(trained):
        click.echo(line)


@eval_group.command("reliability")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def reliability_command(gold: Path) -> None:
    """Reliability of event confidence on a PLOVER-format gold file: bins, precision, ECE."""
    from eventwire.eval import calibration

    labelled = calibration.label_events(_pipeline(32), gsr.load_gold(gold), calibration.plover_judge)
    for line in calibration.reliability_lines(labelled):
        click.echo(line)


@eval_group.command("news")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default="dev", show_default=True,
              help="Which part of the real-news gold set to score.")
@click.option("--show-misses", is_flag=True, help="List missed, spurious and wrong events (train and dev only).")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder holding the gold articles' texts [default: ../shared beside the project].")
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
def news(split: str, show_misses: bool, shared: Path | None, batch_size: int) -> None:
    """Score the coder on the real-news gold set: detection, type, source, target, full tuple,
    date and modality P/R/F1, per source and per type, type confusion and calibration."""
    from eventwire.eval.news import report
    from eventwire.eval.news.sources import DEFAULT_SHARED, MissingText

    if show_misses and split == "test":
        # The test split is scored when a piece of work is finished; reading its misses would
        # turn it into a second dev set (docs/annotation-guide.md, BENCHMARKS.md).
        raise click.UsageError("--show-misses refuses the test split: error analysis uses train and dev only")
    try:
        score = report.evaluate(_pipeline(batch_size), split, shared or DEFAULT_SHARED)
    except MissingText as exc:
        raise click.ClickException(f"{exc} (the gold set stores offsets; its texts are read from ../shared)") from exc
    for line in report.report_lines(score, split, show_misses=show_misses):
        click.echo(line)


@eval_group.command("agreement")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder holding the gold articles' texts [default: ../shared beside the project].")
@click.option("--per-article", is_flag=True, help="Also list events per annotator and matches, per article.")
def agreement_command(shared: Path | None, per_article: bool) -> None:
    """Agreement between the two blind annotations behind the real-news gold set."""
    from eventwire.eval.news import agreement, gold
    from eventwire.eval.news.sources import DEFAULT_SHARED

    a = {x.id: x for x in gold.read_jsonl(gold.GOLD_DIR / "annotators" / "A.jsonl")}
    b = {x.id: x for x in gold.read_jsonl(gold.GOLD_DIR / "annotators" / "B.jsonl")}
    articles = gold.with_texts([a[i] for i in sorted(set(a) & set(b))], shared or DEFAULT_SHARED)
    result = agreement.compare(a, b, {x.id: x.text for x in articles})
    for line in result.lines():
        click.echo(line)
    if per_article:
        for article_id, n_a, n_b, matched in result.per_article:
            click.echo(f"  {article_id:70} A {n_a:3d}  B {n_b:3d}  matched {matched:3d}")
