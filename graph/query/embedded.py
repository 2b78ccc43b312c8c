"""Run a query on the embedded Oxigraph store, in process or in a worker with a deadline.

pyoxigraph has no per-query timeout, and a thread cannot be stopped, so a
library call with a deadline (`graph.query.sparql(..., timeout=...)`) runs
the query in a child Python process that receives the store's quads
(N-Quads) and is killed when the deadline passes. Without a deadline the
query runs in process, with no copy. The CLI runs every query in process
under a watchdog thread instead (`graph.commands.watchdog`), which may end
the process: a library must not.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from ..gcpause import paused_gc

__all__ = ["JSON_RESULTS", "MEMORY_ENV", "N_TRIPLES", "answer_in_process", "deadline_error",
           "memory_error", "query_errors", "run_in_process", "run_with_deadline", "syntax_message",
           "worker_failure", "worker_memory"]

#: Environment variable: a query's memory cap in MiB (default: see `worker_memory`).
MEMORY_ENV = "GLOSSGRAPH_QUERY_MEMORY_MB"
JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
_POSITION = re.compile(r"^error at (\d+):(\d+): ?")


def syntax_message(message: str, limit: int = 160) -> str:
    """A one-line syntax error with line and column, the list of expected tokens shortened.

    >>> syntax_message("error at 2:4: expected one of ',', '.'")
    "SPARQL syntax error at line 2, column 4: expected one of ',', '.'"
    """
    text = " ".join(message.split())
    match = _POSITION.match(text)
    if match:
        line, column = match.groups()
        text = f"at line {line}, column {column}: {text[match.end():]}"
    if len(text) > limit:
        text = text[: limit - 4].rstrip() + " ..."
    return f"SPARQL syntax error {text}"


@contextmanager
def query_errors() -> Iterator[None]:
    """Turn pyoxigraph's errors into one-line `QueryError`s (syntax: with line and column)."""
    try:
        yield
    except SyntaxError as exc:
        raise QueryError(syntax_message(str(exc))) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None


def answer_in_process(store: ox.Store, query: str, prefixes: dict[str, str]) -> tuple[Any, ...]:
    """Run `query` on `store`, keeping pyoxigraph's terms (no serialise-and-parse).

    Returns ``("select", variables, solutions)``, ``("ask", bool)`` or ``("graph", triples)``;
    the solutions are pyoxigraph's own, not copied into tuples, and are read
    with the garbage collector paused (they cannot form cycles, and at 100k
    terms the collections it would run while they pile up cost more than the
    query).

    Raises
    ------
    QueryError
        On a syntax error (with line and column) or an evaluation error.
    """
    with query_errors():
        answer = store.query(query, prefixes=prefixes)
        if isinstance(answer, ox.QueryTriples):
            return "graph", list(answer)
        if isinstance(answer, ox.QueryBoolean):
            return "ask", bool(answer)
        with paused_gc():
            solutions = list(answer)
        return "select", [v.value for v in answer.variables], solutions


def run_in_process(store: ox.Store, query: str, prefixes: dict[str, str]) -> tuple[str, bytes, str]:
    """Run `query` on `store`; returns (kind, payload in a W3C format, media type).

    Used where the answer must cross a process boundary (the deadline worker).

    Raises
    ------
    QueryError
        On a syntax error (with line and column) or an evaluation error.
    """
    with query_errors():
        results = store.query(query, prefixes=prefixes)
        if isinstance(results, ox.QueryTriples):
            return "graph", results.serialize(format=ox.RdfFormat.N_TRIPLES), N_TRIPLES
        kind = "ask" if isinstance(results, ox.QueryBoolean) else "select"
        return kind, results.serialize(format=ox.QueryResultsFormat.JSON), JSON_RESULTS


def worker_memory(dump_size: int, times: int = 4) -> int:
    """The memory cap (bytes) of a query on a store of `dump_size` N-Quads bytes.

    768 MiB plus `times` the store's N-Quads, or ``GLOSSGRAPH_QUERY_MEMORY_MB``
    when set. A worker process (4x: the store itself and room for the query)
    is capped at that much memory; a query run in process under the CLI's
    watchdog (3x: the store is already in memory) may grow the process by
    that much. Past it the query stops with an error.

    >>> worker_memory(0) == 768 * 2 ** 20
    True
    """
    given = os.environ.get(MEMORY_ENV, "")
    if given.isdigit() and int(given) > 0:
        return int(given) * 2 ** 20
    return 768 * 2 ** 20 + times * dump_size


def memory_error() -> QueryError:
    """The error for a query stopped by its memory cap."""
    return QueryError("query stopped: it needed more memory than a query may use",
                      hint=f"narrow the query or add a LIMIT, or raise the cap with {MEMORY_ENV}=MEGABYTES")


def worker_failure(returncode: int, errors: bytes) -> QueryError:
    """The error for a worker that ended without an answer (out of memory above all)."""
    text = errors.decode("utf-8", "replace")
    if returncode in (-6, -9) or "MemoryError" in text or "memory allocation" in text:
        return memory_error()
    detail = text.strip().splitlines()[-1:] or ["no output"]
    return QueryError(f"query worker failed: {detail[0]}")


def deadline_error(timeout: float) -> QueryError:
    """The error for a query stopped by its deadline."""
    return QueryError(f"query stopped after the {timeout:g} s timeout",
                      hint="narrow the query, add a LIMIT, or raise --timeout")


def run_with_deadline(store: ox.Store, query: str, prefixes: dict[str, str],
                      timeout: float) -> tuple[str, bytes, str]:
    """Like `run_in_process`, in a child process killed after `timeout` seconds.

    The child's memory is capped (`worker_memory`).

    Raises
    ------
    QueryError
        When the deadline passes (the child is killed), the memory cap is
        reached, or as `run_in_process`.
    """
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    request = pickle.dumps({"query": query, "prefixes": prefixes, "data": data,
                            "memory": worker_memory(len(data))})
    child = subprocess.Popen([sys.executable, "-m", "graph.query.worker"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        output, errors = child.communicate(request, timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise deadline_error(timeout) from None
    if child.returncode != 0 or not output:
        raise worker_failure(child.returncode, errors)
    status, *answer = pickle.loads(output)
    if status == "error":
        raise QueryError(answer[0], hint=answer[1])
    return answer[0], answer[1], answer[2]
