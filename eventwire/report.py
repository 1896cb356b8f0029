"""Readable summaries of coded documents for a person at a terminal."""
from __future__ import annotations

import textwrap

from eventwire.model import Document


def _actor_label(document: Document, actor_ids: list[str]) -> str:
    labels = []
    for actor_id in actor_ids:
        actor = document.actor(actor_id)
        if actor:
            labels.append(f"{actor.name} [{actor.code or actor.country or '?'}]")
    return ", ".join(labels) or "-"


def document_table(document: Document, width: int = 110) -> str:
    a = document.article
    flagged = sum(s.boilerplate for s in document.sentences)
    lines = [
        f"Article {a.id[:16]}{' — ' + a.title if a.title else ''}",
        f"  published {a.published or 'unknown'}; {len(document.sentences)} sentences ({flagged} flagged as stray), "
        f"{len(document.actors)} actors, {len(document.places)} places, {len(document.events)} events, "
        f"{len(document.quotes)} quotes",
        "",
        "EVENTS",
    ]
    if not document.events:
        lines.append("  (none)")
    places = {p.id: p for p in document.places}
    for e in document.events:
        where = places[e.place].name if e.place in places else ""
        flags = [f for f, on in (("negated", e.negated), (e.modality, e.modality != "asserted")) if on]
        if e.attributed_to:
            flags.append(f"claimed by {_actor_label(document, [e.attributed_to])}")
        lines.append(f"  {e.date or '?':10}  {e.cameo:<5} {e.plover.type:<9} {_actor_label(document, e.source)}"
                     f"  ->  {_actor_label(document, e.target)}")
        detail = f'"{e.trigger.text}"' + (f" in {where}" if where else "") + (f" ({'; '.join(flags)})" if flags else "")
        lines.append(f"{'':24}{detail}")
    lines += ["", "QUOTES"]
    if not document.quotes:
        lines.append("  (none)")
    for q in document.quotes:
        speaker = _actor_label(document, [q.speaker]) if q.speaker else (q.source.text if q.source else "unknown")
        content = textwrap.shorten(q.content.text, width=width - 30, placeholder=" …")
        lines.append(f"  {speaker} ({q.kind}): {content}")
    return "\n".join(lines)
