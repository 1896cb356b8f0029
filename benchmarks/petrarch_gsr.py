#!/usr/bin/env python3
"""CAMEO root agreement on the UniversalPetrarch GSR validation records (real AFP/GigaWord
sentences coded by the PETRARCH-2 team), a second gold set beside the PLOVER one.

    .venv/bin/python benchmarks/petrarch_gsr.py [../shared/data/gold/universalpetrarch/PETR2_GSR_validation.xml]

Per sentence with expected events: found = some event with the same CAMEO root and a source
whose country matches the first three letters of the expected source code. Sentences marked
noevents count predictions made there as false alarms.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "gold" / "universalpetrarch" / "PETR2_GSR_validation.xml"
RECORD = re.compile(r'<Sentence [^>]*id="([^"]+)"[^>]*/>(.*?)<Text>\s*(.*?)\s*</Text>', re.S)
CODING = re.compile(r'<EventCoding ([^>]*)/>')
ATTR = re.compile(r'(\w+)="([^"]*)"')


def records(path: Path) -> list[dict]:
    out = []
    for sid, codings, text in RECORD.findall(path.read_text(encoding="utf-8")):
        events = [dict(ATTR.findall(c)) for c in CODING.findall(codings)]
        out.append({"id": sid, "text": " ".join(text.split()),
                    "events": [e for e in events if "eventcode" in e], "noevents": any("noevents" in e for e in events)})
    return out


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    recs = records(path)
    payload = "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in recs)
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "eventwire"), "code", "--jsonl", "-"], input=payload,
                          capture_output=True, text=True, check=True)
    docs = {d["article"]["id"]: d for d in map(json.loads, proc.stdout.splitlines())}
    root_found = dyad_found = expected = false_alarms = 0
    for r in recs:
        doc = docs.get(r["id"], {"events": [], "actors": []})
        actors = {a["id"]: a for a in doc["actors"]}
        if r["noevents"]:
            false_alarms += len(doc["events"])
            continue
        for gold in r["events"]:
            expected += 1
            same_root = [e for e in doc["events"] if e["cameo"][:2] == gold["eventcode"][:2]]
            root_found += bool(same_root)
            source = gold.get("sourcecode", "")[:3]
            dyad_found += any(any((actors.get(a) or {}).get("country") == source or
                                  ((actors.get(a) or {}).get("code") or "").startswith(source) for a in e["source"])
                              for e in same_root)
    n_noevents = sum(r["noevents"] for r in recs)
    print(f"records {len(recs)} (expected events {expected}, no-event sentences {n_noevents})")
    print(f"CAMEO root recall {root_found / expected:.3f}  root+source recall {dyad_found / expected:.3f}  "
          f"events predicted on no-event sentences {false_alarms}")


if __name__ == "__main__":
    main()
