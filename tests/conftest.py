"""Shared fixtures. The real model is loaded once per session; ../shared is located beside the project."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip naming what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: gold sets and corpora live in ../shared beside the project")
    return path


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
