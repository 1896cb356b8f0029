"""The dashboard in a real browser: playwright-core (npm) drives Debian's chromium against a
real `eventwire serve` over a real store. `make test` installs both when missing
(see the Makefile's browser set-up); screenshots are kept in tmp/artifacts/dashboard."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "api"))  # the shared store and server helpers live there
from api_testing import running_server, shared_test_store  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
PLAYWRIGHT = ROOT / "node_modules" / "playwright-core"
ARTIFACTS = ROOT / "tmp" / "artifacts" / "dashboard"


def _browser_or_skip() -> str:
    node = shutil.which("node")
    missing = [what for what, ok in (("node", node), (str(CHROMIUM), CHROMIUM.exists()),
                                     (str(PLAYWRIGHT), PLAYWRIGHT.exists())) if not ok]
    if missing:
        message = f"browser test needs {', '.join(missing)}: run `make browser-setup` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI the set-up ran, so a missing piece is a real failure
        pytest.skip(message)
    assert node
    return node


def _visible_kinds(spans: list[dict]) -> list[str]:
    """Span kinds the page can show: where spans overlap, the dashboard marks the first only."""
    kinds, end = [], -1
    for span in sorted(spans, key=lambda s: (s["start"], s["end"])):
        if span["start"] >= end:
            kinds.append(span["kind"])
            end = span["end"]
    return sorted(set(kinds))


def expectations(base: str) -> dict:
    """What each view must show, asked from the API the dashboard itself uses."""
    api = httpx.Client(base_url=base, timeout=30)
    health = api.get("/api/health").json()
    first = api.get("/api/events", params={"limit": 50}).json()["events"]
    dyads = [r["dyad"].split("-") for r in api.get("/api/counts", params={"by": "dyad", "limit": 100}).json()["rows"]]
    # A dyad with both sides known; a store without one (the samples alone) charts one country.
    dyad = next((d for d in dyads if "*" not in d and d[0] != d[1]),
                [next(d[0] for d in dyads if d[0] != "*")])
    source, kind = next((e["source"]["country"], e["plover"]["type"]) for e in first if e["source"]["country"])
    filtered = api.get("/api/events", params={"source": source, "type": kind, "limit": 50}).json()["events"]
    event = None
    for candidate in first:
        detail = api.get(f"/api/events/{candidate['id']}").json()
        if any(s["kind"] in ("source", "target") for s in detail["evidence"]["spans"]):
            event = detail
            break
    assert event, "no event on the first page has an actor mention in its sentence"
    network = api.get("/api/network", params={"level": "country", "min_weight": 1, "limit": 150}).json()
    quotes = api.get("/api/quotes", params={"limit": 100}).json()["quotes"]
    word = max(quotes[0]["content"]["text"].split(), key=len).strip(".,;:!?\"'“”‘’()")
    return {
        "base_url": base, "artifacts": str(ARTIFACTS), "chromium": str(CHROMIUM),
        "events_total": health["counts"]["events"],
        "first_page_ids": [e["id"] for e in first],
        "filter": {"source": source, "type": kind, "ids": [e["id"] for e in filtered]},
        "event": {"id": event["id"], "trigger": event["trigger"]["text"], "date": event["date"],
                  "type": event["plover"]["type"], "sentence": event["evidence"]["sentence"]["text"],
                  "kinds": _visible_kinds(event["evidence"]["spans"])},
        "series": {"dyad": dyad, "points": len(api.get("/api/series", params={
            **({"between": ",".join(dyad)} if len(dyad) == 2 else {"country": dyad[0]}),
            "interval": "month"}).json()["points"])},
        "network": {"nodes": len(network["nodes"]), "edges": len(network["edges"])},
        "quotes": {"rows": len(quotes), "word": word,
                   "word_rows": len(api.get("/api/quotes", params={"q": word, "limit": 100}).json()["quotes"])},
        "stories": health["counts"]["stories"] > 0,
    }


def test_dashboard_views_in_chromium(pipeline, tmp_path_factory, tmp_path):
    node = _browser_or_skip()
    store = shared_test_store(pipeline, tmp_path_factory)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    with running_server(store) as base:
        expected = expectations(base)
        spec = tmp_path / "expected.json"
        spec.write_text(json.dumps(expected))
        result = subprocess.run([node, str(ROOT / "tests" / "web" / "dashboard.mjs"), str(spec)], cwd=ROOT,
                                capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, f"{result.stderr}\n{result.stdout}"
    assert json.loads(result.stdout.strip().splitlines()[-1])["ok"] is True
    for name in ("01-events", "02-events-filtered", "03-event", "04-series", "05-network", "06-quotes", "07-stories"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 5_000, name
