#!/usr/bin/env python3
"""Actor resolution on the PLOVER gold standard: for each gold source actor with a text and a
country, does eventwire have an actor mentioned by that text with that country?

    .venv/bin/python benchmarks/actors_gsr.py [GOLD.json] [--show-misses]

Matching: an actor whose mention contains the gold actorText or is contained in it. IGO/NGO
gold codes match actors whose CAMEO code starts with IGO/NGO. The first summary line is the
number quoted in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "gold" / "plover_gsr_dev.json"
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "GER": "DEU", "UK": "GBR"}


def gold_sources(record: dict) -> list[dict]:
    source = record.get("source") or []
    return [source] if isinstance(source, dict) else [] if isinstance(source, str) else source


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(DEFAULT))
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    gold = [r for r in json.load(open(args.gold, encoding="utf-8")) if r.get("event") and r.get("text")]
    payload = "".join(json.dumps({"id": str(i), "text": r["text"], "published": r.get("date")}) + "\n"
                      for i, r in enumerate(gold))
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "eventwire"), "code", "--jsonl", "-"], input=payload,
                         capture_output=True, text=True, check=True).stdout
    docs = {d["article"]["id"]: d for d in map(json.loads, out.splitlines())}
    total = found = sector_total = sector_ok = 0
    misses = []
    for i, record in enumerate(gold):
        doc = docs.get(str(i), {"actors": []})
        for actor in gold_sources(record):
            code, text = CAMEO_TO_ISO.get(actor.get("code"), actor.get("code")), actor.get("actorText") or ""
            if not code or not text:
                continue
            total += 1
            candidates = [a for a in doc["actors"] if any(text in m["text"] or m["text"] in text for m in a["mentions"])]
            if code in {a["country"] for a in candidates} or (
                    code in ("IGO", "NGO") and any((a["code"] or "").startswith(code) for a in candidates)):
                found += 1
            else:
                misses.append(f"{text!r} gold {code}, got {sorted(str(a['country']) for a in candidates)}")
            if actor.get("sector") and candidates:
                sector_total += 1
                sector_ok += actor["sector"] in {a["sector"] for a in candidates}
    print(f"source country {found}/{total} = {found / total:.3f}; sector {sector_ok}/{sector_total}")
    if args.show_misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
