"""The child process of `graph.query.embedded.run_with_deadline` and `stream_with_deadline`.

Reads a pickled request (the store's N-Quads, the query, its prefixes and,
when streaming, the output format) on stdin. Its memory is capped first
(``RLIMIT_DATA``, the request's ``memory`` in bytes), so a query that grows
without end stops with an error instead of taking the machine. It then either
writes a pickled answer on stdout (``answer`` mode) or writes the formatted
answer itself on stdout as it is produced (``stream`` mode) and a last status
line on stderr. Only ever started by glossgraph itself, with its own request.
"""

from __future__ import annotations

import json
import pickle
import sys
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from .embedded import run_in_process
from .stream import STATUS, write_answer

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


def _stream(store: ox.Store, request: dict[str, Any]) -> dict[str, Any]:

    out = sys.stdout.buffer
    try:
        answer = store.query(request["query"], prefixes=request["prefixes"])
        written = write_answer(answer, out, request["format"], request["prefixes"],
                               request["width"], request["row_cap"])
    except SyntaxError as exc:
        from .embedded import syntax_message

        return {"error": syntax_message(str(exc))}
    except QueryError as exc:
        return {"error": str(exc), "hint": exc.hint}
    except (OSError, ValueError, RuntimeError) as exc:
        return {"error": f"query failed: {' '.join(str(exc).split())}"}
    out.flush()
    return {"kind": written.kind, "rows": written.rows, "truncated": written.truncated,
            "boolean": written.boolean}


def main() -> None:
    """Read the request on stdin, answer on stdout."""
    request = pickle.loads(sys.stdin.buffer.read())
    _cap_memory(request.get("memory"))
    store = ox.Store()
    store.bulk_extend(ox.parse(request["data"], format=ox.RdfFormat.N_QUADS))
    del request["data"]
    if request.get("mode") == "stream":
        status = _stream(store, request)
        sys.stderr.write(STATUS + json.dumps(status) + "\n")
        return
    try:
        answer: tuple[Any, ...] = ("ok", *run_in_process(
            store, request["query"], request["prefixes"]))
    except QueryError as exc:
        answer = ("error", str(exc), exc.hint)
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":  # pragma: no cover - runs in the worker process
    main()
