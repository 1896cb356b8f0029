"""Execution engines: how a stream of articles is spread over processes.

`code_parallel` runs the same `Pipeline` in one process or in a pool of worker processes
and yields results in input order either way.
"""
from eventwire.engine.local import code_parallel, resolve_workers

__all__ = ["code_parallel", "resolve_workers"]
