"""glossgraph's version, and the stamps of its own sources that the caches key on.

Both caches (`graph.cache`, `graph.result_cache`) are invalidated by any
change to glossgraph's code, released or not, through `code_stamps`.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["__version__", "code_stamps"]

__version__ = "0.1.0"


def code_stamps() -> list:
    """The version, then (file, size, mtime_ns) of each of glossgraph's sources, sorted.

    A code change, even an unreleased one, makes every cache entry a miss.
    """
    package = Path(__file__).parent
    stamps: list = [__version__]
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in sorted(files):
            if name.endswith((".py", ".rq", ".json")):
                stat = os.stat(os.path.join(folder, name))
                stamps.append((os.path.relpath(os.path.join(folder, name), package),
                               stat.st_size, stat.st_mtime_ns))
    return stamps
