"""An in-memory index of event sentences, so that text search (`q`) on a read-only store does
not scan every article's text on every request.

Built once, in a background thread, when the server opens a store that cannot change under
it (a DuckDB file opened read-only: no other process can write the file meanwhile). Until it
is ready, and on stores that can change (writes enabled, PostgreSQL), text search runs in SQL.
Matching is the same as the SQL path: the query, lower-cased, inside the lower-cased sentence
or trigger.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from eventwire.analysis.filters import event_day_sql

log = logging.getLogger(__name__)

Key = tuple[str, str, int]  # (day, article id, seq): the events listing's sort key


class TextIndex:
    def __init__(self) -> None:
        self._keys: list[Key] = []
        self._texts: list[str] = []
        self._ready = threading.Event()
        self.build_seconds: float | None = None

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def build(self, reader: Any) -> None:
        """Load every event's sentence and trigger, lower-cased, in listing order (newest day first)."""
        started = time.monotonic()
        day = event_day_sql()
        rows = reader.rows(
            f"SELECT {day} AS day, e.article_id, e.seq, "
            f"lower(coalesce(substr(a.text, s.\"start\" + 1, s.\"end\" - s.\"start\"), '')) || '\n' "
            f"|| lower(e.trigger_text) AS text "
            f"FROM events e JOIN articles a ON a.id = e.article_id "
            f"LEFT JOIN sentences s ON s.article_id = e.article_id AND s.idx = e.sentence "
            f"ORDER BY day DESC, e.article_id, e.seq")
        self._keys = [(r["day"], r["article_id"], r["seq"]) for r in rows]
        self._texts = [r["text"] for r in rows]
        self.build_seconds = round(time.monotonic() - started, 2)
        self._ready.set()
        log.info("text index: %d event sentences in %.1fs", len(self._keys), self.build_seconds)

    def start(self, reader: Any) -> None:
        threading.Thread(target=self._build_logged, args=(reader,), name="eventwire-text-index", daemon=True).start()

    def _build_logged(self, reader: Any) -> None:
        try:
            self.build(reader)
        except Exception:  # the SQL path keeps working; say why the index is missing
            log.exception("text index could not be built; text search stays in SQL")

    def search(self, text: str) -> list[Key]:
        """Keys of events whose sentence or trigger contains `text` (case-insensitive), in listing order."""
        needle = text.lower()
        # The separator cannot be inside a stripped query, so no match straddles sentence and trigger.
        return [key for key, body in zip(self._keys, self._texts) if needle in body]
