"""The `eventwire` command line. Output goes to stdout; problems go to stderr, by record."""
from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click

from eventwire.errors import EventwireError
from eventwire.ingest.cli_ingest import check_date_option
from eventwire.ingest.decode import decode_bytes
from eventwire.ingest.readers import ReadError, file_kind, read_jsonl_stream, read_txt
from eventwire.model import Document
from eventwire.pipeline import ArticleInput, Failure, Pipeline
from eventwire.report import document_table

log = logging.getLogger("eventwire")


@click.group()
@click.version_option(package_name="eventwire")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-v info, -vv debug).")
def main(verbose: int) -> None:
    """eventwire: who did what to whom, when and where, and who says so, from news text."""
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, allow_dash=True, dir_okay=False))
@click.option("--published", callback=check_date_option,
              help="Published date of the article (YYYY-MM-DD); relative dates resolve against it.")
@click.option("--raw", is_flag=True, help="Skip cleaning, so that offsets index the input text unchanged.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: the document contract; table: a readable summary.")
@click.option("--jsonl", "jsonl", type=click.Path(exists=True, allow_dash=True, dir_okay=False),
              help='Read JSON lines {"id", "text", "published"?, ...} from IN (or -) and write one document per line.')
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actors: a user dictionary (.csv/.tsv/.yaml), a knowledge base (.tsv) or a "
                   "PETRARCH actor dictionary (.txt). Repeatable.")
def code(file: str | None, published: str | None, raw: bool, fmt: str, jsonl: str | None, batch_size: int,
         actor_files: tuple[Path, ...]) -> None:
    """Code one article (FILE, or - for stdin), or a JSON-lines batch with --jsonl."""
    if (file is None) == (jsonl is None):
        raise click.UsageError("give either FILE (or -) or --jsonl IN")
    try:
        pipeline = Pipeline(batch_size=batch_size, actor_files=actor_files)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if jsonl is not None:
        _code_jsonl(pipeline, jsonl, raw, fmt)
        return
    assert file is not None
    try:
        document = pipeline.code(_read_article(file, published), raw=raw)
    except EventwireError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    click.echo(_render(document, fmt, indent=2))


def _read_article(path: str, published: str | None) -> ArticleInput:
    """One article from stdin or a file: a web page (.html, .htm) through the page reader, so
    that the body is coded and not the markup; anything else as plain text (read_txt)."""
    if path == "-":
        return ArticleInput(text=decode_bytes(sys.stdin.buffer.read(), name="stdin"), published=published)
    file = Path(path)
    if file_kind(file) in (".html", ".htm"):
        from eventwire.ingest.html_reader import read_html

        record = read_html(file, published_default=published)
    else:
        record = read_txt(file, published_default=published)
    if isinstance(record, ReadError):
        raise record.error
    return record.article


def _render(document: Document, fmt: str, indent: int | None = None) -> str:
    if fmt == "table":
        return document_table(document)
    return json.dumps(document.to_dict(), ensure_ascii=False, indent=indent)


def _code_jsonl(pipeline: Pipeline, source: str, raw: bool, fmt: str) -> None:
    """Code JSON lines; a bad record is reported on stderr by line or id, and the batch goes on."""
    failures: Counter[str] = Counter()
    coded = 0

    def report(where: str, error: EventwireError) -> None:
        failures[type(error).__name__] += 1
        click.echo(f"eventwire: skipped{'' if where in str(error) else ' ' + where}: {error}", err=True)

    def articles(handle: IO[bytes]) -> Iterator[ArticleInput]:
        for item in read_jsonl_stream(handle, "stdin" if source == "-" else source):
            if isinstance(item, ReadError):
                report(item.where, item.error)
            else:
                yield item.article

    handle: IO[bytes] = sys.stdin.buffer if source == "-" else open(source, "rb")
    try:
        for result in pipeline.code_many(articles(handle), raw=raw):
            if isinstance(result, Failure):
                report(f"record {result.id!r}", result.error)
            else:
                click.echo(_render(result, fmt))
                coded += 1
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
    if failures:
        summary = ", ".join(f"{n} {reason}" for reason, n in failures.most_common())
        click.echo(f"eventwire: coded {coded}, skipped {sum(failures.values())} ({summary})", err=True)
    if failures and not coded:
        sys.exit(1)


# Commands defined in their own modules, registered last so that those modules never need
# to import this one (no import cycles).
from eventwire.ingest.cli_ingest import ingest  # noqa: E402
from eventwire.store.cli_export import export  # noqa: E402
from eventwire.store.cli_stats import stats  # noqa: E402
from eventwire.eval.cli_eval import eval_group  # noqa: E402
from eventwire.engine.cli_bench import bench  # noqa: E402
from eventwire.engine.cli_recode import recode  # noqa: E402
from eventwire.actors.cli_kb import kb  # noqa: E402
from eventwire.api.cli_serve import serve  # noqa: E402
from eventwire.stories.cli_stories import stories  # noqa: E402

main.add_command(ingest)
main.add_command(stats)
main.add_command(export)
main.add_command(eval_group)
main.add_command(bench)
main.add_command(recode)
main.add_command(kb)
main.add_command(serve)
main.add_command(stories)


if __name__ == "__main__":
    main()
