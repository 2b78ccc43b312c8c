"""A watchdog for a query the CLI runs in process: a wall deadline and a memory cap.

pyoxigraph releases the GIL while it evaluates a query, so a thread beside
it keeps running. Every 20 ms the watchdog compares the clock with the
deadline, and the process's resident memory (``/proc/self/statm``) with its
memory when the query started plus the cap. Past either, it prints the error
the CLI prints for that `QueryError`, flushes the output and ends the
process with exit code 2: a running query cannot be stopped any other way.
Only the CLI may do that; the library bounds a query with a worker process
instead (``graph.query.sparql(..., timeout=...)``). Without ``/proc`` only
the deadline is watched.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from ..errors import QueryError
from ..query.embedded import deadline_error, memory_error, worker_memory

__all__ = ["POLL_SECONDS", "QUAD_BYTES", "query_memory", "resident_bytes", "watchdog"]

#: How often the watchdog looks at the clock and the memory.
POLL_SECONDS = 0.02
#: About what one quad takes in N-Quads (166 bytes on the 10k synthetic glossary).
QUAD_BYTES = 160
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int | None:
    """This process's resident memory in bytes, or None where ``/proc`` does not tell."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def query_memory(store: ox.Store) -> int:
    """How many bytes a query on `store` may add to this process's memory.

    The worker's rule (`graph.query.embedded.worker_memory`) with the
    store's N-Quads estimated from its quad count, and 3x instead of 4x: the
    store is already in memory. ``GLOSSGRAPH_QUERY_MEMORY_MB`` overrides it.
    """
    return worker_memory(len(store) * QUAD_BYTES, times=3)


@contextmanager
def watchdog(timeout: float | None, memory: int | None) -> Iterator[None]:
    """Run the block with a deadline of `timeout` seconds and `memory` bytes of growth.

    A breach ends the process (see the module); the watchdog thread stops
    when the block ends, whichever way it ends.
    """
    start = resident_bytes() if memory is not None else None
    if timeout is None and start is None:
        yield
        return
    deadline = time.monotonic() + timeout if timeout is not None else None
    done, lock = threading.Event(), threading.Lock()

    def breach() -> QueryError | None:
        if deadline is not None and time.monotonic() >= deadline:
            return deadline_error(timeout or 0)
        if start is not None and memory is not None and (resident_bytes() or 0) - start > memory:
            return memory_error()
        return None

    def watch() -> None:
        while not done.wait(POLL_SECONDS):
            error = breach()
            if error is not None:
                with lock:  # the block may have ended meanwhile: then the query is not stopped
                    if not done.is_set():
                        _stop(error)

    thread = threading.Thread(target=watch, name="glossgraph-query-watchdog", daemon=True)
    thread.start()
    try:
        yield
    finally:
        with lock:
            done.set()
        thread.join()


def _stop(error: QueryError) -> None:
    """Print `error` as the CLI does, flush what was written, and end the process (exit 2)."""
    from ..cli import print_error

    try:
        sys.stdout.flush()
        print_error(str(error), error.hint)
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken output: the exit code still tells
        pass
    finally:
        os._exit(2)
