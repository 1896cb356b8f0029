"""Helpers for the API and browser tests: one real store per session, and a real server.

The store is built once per test session (whichever test asks first) by coding the bundled
sample articles and, when ../shared is present, the first Guardian articles, through the real
pipeline into a real DuckDB file.
"""
from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from conftest import ROOT, SHARED

GUARDIAN = SHARED / "data" / "corpora" / "guardian_sdf_ngec" / "Guardian_SDF_sample.csv"
GUARDIAN_ARTICLES = 12
STORE_NAME = "eventwire-api-test.duckdb"


def sample_articles() -> list:
    from eventwire.pipeline import ArticleInput

    articles = [ArticleInput(text=r["text"], id=r["id"], published=r.get("published"), title=r.get("title"),
                             source=r.get("source"))
                for r in map(json.loads, (ROOT / "examples" / "articles.jsonl").read_text().splitlines()) if r]
    if GUARDIAN.exists():
        csv.field_size_limit(10**8)
        with GUARDIAN.open(newline="", encoding="utf-8") as handle:
            for n, row in zip(range(GUARDIAN_ARTICLES), csv.DictReader(handle)):
                articles.append(ArticleInput(text=row["text"], id=f"guardian-{n:03d}", published=row["date"],
                                             source="Guardian"))
    return articles


def shared_test_store(pipeline, tmp_path_factory) -> Path:
    """The session's test store (built on first use, then reused by every test module)."""
    from eventwire.store import DuckDBStore

    path = tmp_path_factory.getbasetemp() / STORE_NAME
    if not path.exists():
        building = path.with_suffix(".building")
        with DuckDBStore(building) as store:
            for document in pipeline.code_many(sample_articles()):
                store.add(document)
        building.rename(path)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`eventwire serve --db DB` in a subprocess on a free loopback port; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port), *extra]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                output = server.stdout.read().decode() if server.stdout else ""
                raise RuntimeError(f"eventwire serve exited with {server.returncode}: {output}")
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("eventwire serve did not answer /api/health within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
