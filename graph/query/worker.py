"""The child process of `graph.query.embedded.run_with_deadline`.

Reads a pickled request (the store's N-Quads, the query and its prefixes) on
stdin. Its memory is capped first (``RLIMIT_DATA``, the request's ``memory``
in bytes), so a query that grows without end stops with an error instead of
taking the machine. It then writes a pickled answer on stdout. Only ever
started by glossgraph itself, with its own request.
"""

from __future__ import annotations

import pickle
import sys
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from .embedded import run_in_process

__all__ = ["main"]


def _cap_memory(limit: int | None) -> None:
    if not limit:
        return
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX
        pass


def main() -> None:
    """Read the request on stdin, answer on stdout."""
    request = pickle.loads(sys.stdin.buffer.read())
    _cap_memory(request.get("memory"))
    store = ox.Store()
    store.bulk_extend(ox.parse(request["data"], format=ox.RdfFormat.N_QUADS))
    del request["data"]
    try:
        answer: tuple[Any, ...] = ("ok", *run_in_process(
            store, request["query"], request["prefixes"]))
    except QueryError as exc:
        answer = ("error", str(exc), exc.hint)
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":  # pragma: no cover - runs in the worker process
    main()
