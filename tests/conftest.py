"""Shared fixtures. The real model is loaded once per session; ../shared is located beside the project."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# A PostgreSQL server where tests may create and drop databases of their own.
ADMIN_DSN = os.environ.get("EVENTWIRE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip naming what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: gold sets and corpora live in ../shared beside the project")
    return path


@contextmanager
def scratch_database(prefix: str = "eventwire_test") -> Iterator[str]:
    """The DSN of a new, empty database on the ADMIN_DSN server, dropped afterwards even if the
    body fails; a skip naming the server when none answers."""
    try:
        admin = psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        from eventwire.store import store_name  # only here: importing the stores is not free

        pytest.skip(f"no PostgreSQL server at {store_name(ADMIN_DSN)} (set EVENTWIRE_TEST_POSTGRES): {exc}")
    with admin:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield urlunsplit(urlsplit(ADMIN_DSN)._replace(path=f"/{name}"))
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def postgres_dsn() -> Iterator[str]:
    """The DSN of a new, empty PostgreSQL database, dropped after the test."""
    with scratch_database() as dsn:
        yield dsn


@pytest.fixture(scope="session")
def nlp():
    from eventwire.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def code(pipeline):
    """code(text, published=None) -> Document, through the real pipeline."""
    from eventwire.pipeline import ArticleInput

    def _code(text: str, published: str | None = "2022-03-30", raw: bool = False):
        return pipeline.code(ArticleInput(text=text, published=published), raw=raw)

    return _code
