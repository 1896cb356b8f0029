#!/usr/bin/env python3
"""Actors and event places on the PLOVER gold standard.

    .venv/bin/python benchmarks/actors_gsr.py [GOLD.json] [--show-misses]

Source country: for each gold source actor with a text and a country, does eventwire have an
actor mentioned by that text with that country? Matching: an actor whose mention contains the
gold actorText or is contained in it, ignoring case, doubled spaces and a leading "the". IGO/NGO gold codes match actors whose CAMEO code starts
with IGO/NGO. Sector: among those matched actors, gold sector (first three letters; "***"
skipped) among theirs.

Event place: for each record with an `eventLoc`, the expected country is its `country code`
when given, else what our gazetteer makes of the bare eventLoc name (no context: the name is
the gold's own words). The event scored is the one of the gold PLOVER type, else the first
event; it is right when its place lies in that country. The summary lines are the numbers
quoted in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "data" / "gold" / "plover_gsr_dev.json"
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "GER": "DEU", "UK": "GBR"}
OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def gold_sources(record: dict) -> list[dict]:
    source = record.get("source") or []
    return [source] if isinstance(source, dict) else [] if isinstance(source, str) else source


def code_records(gold: list[dict]) -> dict[str, dict]:
    payload = "".join(json.dumps({"id": str(i), "text": r["text"], "published": r.get("date")}) + "\n"
                      for i, r in enumerate(gold))
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "eventwire"), "code", "--jsonl", "-"], input=payload,
                         capture_output=True, text=True, check=True).stdout
    return {d["article"]["id"]: d for d in map(json.loads, out.splitlines())}


def _comparable(text: str) -> str:
    """Mention and gold text compared without case, doubled spaces or a leading "the"
    (the gold writes "Azadliq (Freedom)  opposition coalition", we write "The United Nations")."""
    text = " ".join(text.split()).lower()
    return text[4:] if text.startswith("the ") else text


def score_sources(gold: list[dict], docs: dict[str, dict]) -> tuple[str, list[str]]:
    total = found = sector_total = sector_ok = 0
    misses = []
    for i, record in enumerate(gold):
        doc = docs.get(str(i), {"actors": []})
        for actor in gold_sources(record):
            code, text = CAMEO_TO_ISO.get(actor.get("code"), actor.get("code")), actor.get("actorText") or ""
            if not code or not text:
                continue
            total += 1
            wanted = _comparable(text)
            candidates = [a for a in doc["actors"]
                          if any(wanted in (got := _comparable(m["text"])) or got in wanted for m in a["mentions"])]
            if code in {a["country"] for a in candidates} or (
                    code in ("IGO", "NGO") and any((a["code"] or "").startswith(code) for a in candidates)):
                found += 1
            else:
                misses.append(f"country {text!r} gold {code}, got {sorted(str(a['country']) for a in candidates)}")
            sector = (actor.get("sector") or "")[:3]
            if sector and sector != "***" and candidates:
                sector_total += 1
                if sector in {a["sector"] for a in candidates}:
                    sector_ok += 1
                else:
                    misses.append(f"sector {text!r} gold {sector}, got {sorted(str(a['sector']) for a in candidates)}")
    line = (f"source country {found}/{total} = {found / total:.3f}; "
            f"sector {sector_ok}/{sector_total} = {sector_ok / max(sector_total, 1):.3f}")
    return line, misses


def expected_place_country(location: dict, gazetteer) -> str | None:
    if location.get("country code"):
        return gazetteer._iso3(location["country code"])
    entry = gazetteer.resolve(location.get("name") or "", fuzzy=False)
    return entry.country if entry else None


def score_event_places(gold: list[dict], docs: dict[str, dict]) -> tuple[str, list[str]]:
    from eventwire.places.gazetteer import Gazetteer
    gazetteer = Gazetteer.load()
    total = right = no_event = no_place = 0
    misses = []
    for i, record in enumerate(gold):
        location = record.get("eventLoc")
        if not isinstance(location, dict):
            continue
        want = expected_place_country(location, gazetteer)
        if want is None:
            misses.append(f"place {location} not in the gazetteer: record not scored")
            continue
        total += 1
        doc = docs.get(str(i), {"events": [], "places": []})
        gold_type = OLD_TO_NEW.get(record["event"], record["event"])
        events = sorted(doc["events"], key=lambda e: (e["plover"]["type"] != gold_type))
        if not events:
            no_event += 1
            misses.append(f"place {location['name']!r} ({want}): no event")
            continue
        places = {p["id"]: p for p in doc["places"]}
        place = places.get(events[0].get("place") or "")
        if place is None:
            no_place += 1
            misses.append(f"place {location['name']!r} ({want}): event has no place; places "
                          f"{[(p['name'], p['country']) for p in doc['places']]}")
        elif place["country"] == want:
            right += 1
        else:
            misses.append(f"place {location['name']!r} ({want}): got {place['name']!r} ({place['country']})")
    line = (f"event place country {right}/{total} = {right / max(total, 1):.3f} "
            f"(no event {no_event}, event without place {no_place})")
    return line, misses


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(DEFAULT))
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    gold = [r for r in json.load(open(args.gold, encoding="utf-8")) if r.get("event") and r.get("text")]
    docs = code_records(gold)
    source_line, source_misses = score_sources(gold, docs)
    place_line, place_misses = score_event_places(gold, docs)
    print(source_line)
    print(place_line)
    if args.show_misses:
        print("\n".join(source_misses + place_misses))


if __name__ == "__main__":
    main()
