"""Parsing many YAML files for the parse cache in worker processes.

Each worker sends back, per file, its stamp (taken just before parsing) and
the payload the cache stores anyway (`graph.cache_payload`), so decoding it
gives what parsing here would. Workers are forked only on Linux, from a
single-threaded process, for at least `PARALLEL_MIN_FILES` files and with
more than one CPU available; when they cannot start, or the pool breaks,
the rest is parsed here (`parse_elsewhere` yields None for those files).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections.abc import Generator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .cache_payload import encode
from .forked import single_threaded
from .sources.yaml_terms import read_yaml_file

__all__ = ["PARALLEL_MIN_FILES", "Stamped", "file_stamp", "parse_elsewhere"]

PARALLEL_MIN_FILES = 400
Stamped = tuple["list[int] | None", "bytes | None"]  # the file's stamp, its payload


def file_stamp(path: str | Path) -> list[int] | None:
    """[size, mtime_ns, ctime_ns] of a file, or None when it cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]



def parse_elsewhere(jobs: list[tuple[str, str]], loader: type,
                    field_map: dict[str, str] | None) -> Generator[Stamped | None, None, None]:
    """(stamp, payload) per (path, display path) in `jobs`, in order, from worker processes;
    None: parse that file here (see the module's docstring for when workers start)."""
    workers = _worker_count(len(jobs))
    if workers < 2:
        return _nothing(len(jobs))
    size = max(16, min(256, len(jobs) // (workers * 8) or 1))
    chunks = [(jobs[i:i + size], loader, field_map) for i in range(0, len(jobs), size)]
    return _pooled(chunks, workers, len(jobs))


def _worker_count(files: int) -> int:
    if files < PARALLEL_MIN_FILES or not sys.platform.startswith("linux"):
        return 1
    if not single_threaded():  # forking a threaded process is unsafe
        return 1
    return min(8, len(os.sched_getaffinity(0)))


def _nothing(count: int) -> Generator[None, None, None]:
    yield from itertools.repeat(None, count)


def _pooled(chunks: list, workers: int, total: int) -> Generator[Stamped | None, None, None]:
    done = 0
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for results in pool.map(_parse_chunk, chunks):
                done += len(results)
                yield from results
    except (OSError, BrokenProcessPool):  # no workers after all: parse the rest here
        pass
    yield from itertools.repeat(None, total - done)


def _parse_chunk(chunk: tuple[list[tuple[str, str]], type, dict[str, str] | None]) -> list:
    """In a worker: (stamp, cache payload) of each file, the stamp taken before reading.

    The payload is None when the file cannot be cached, the stamp None when it cannot be read.
    """
    jobs, loader, field_map = chunk
    results: list[Stamped] = []
    for path, display in jobs:
        stamp = file_stamp(path)
        terms, findings = read_yaml_file(path, display, loader=loader, field_map=field_map)
        results.append((stamp, encode(terms, findings, display)))
    return results
