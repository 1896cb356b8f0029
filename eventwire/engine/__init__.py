"""Execution engines: how a stream of articles is spread over processes.

`code_parallel` runs the same `Pipeline` in one process or in a pool of worker processes
and yields results in input order either way; `code_articles` and `recode_articles` also
carry each article's parse (ingest stores it, `eventwire recode` codes from it). The Ray
engine (ray_engine.py) does the same on Ray actors; it is imported only when asked for.
"""
from eventwire.engine.local import code_articles, code_parallel, recode_articles, resolve_workers
from eventwire.engine.tasks import Coded, ToRecode

__all__ = ["Coded", "ToRecode", "code_articles", "code_parallel", "recode_articles", "resolve_workers"]
