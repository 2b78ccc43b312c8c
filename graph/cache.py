"""The parse cache: parsed YAML files kept in msgpack so that a warm load skips parsing.

One cache file per glossary root lives in ``.glossgraph-cache/`` inside the
data folder (next to the file for a one-file glossary; in the user's cache
directory for a read-only folder: `default_cache_dir`) or in ``--cache-dir``.
An entry is used only when the file's path, size, mtime_ns and ctime_ns all
match and the cache was written by the same glossgraph and PyYAML versions,
with the same loader and field map. Everything else is re-read:

- a changed, added or removed file is re-parsed (or dropped);
- a file modified within `RACY_SECONDS` of being parsed is not cached, since a
  second change in the same timestamp tick could keep size and mtime;
- a corrupt, truncated or foreign cache (wrong magic, checksum, versions,
  root or shape) is ignored and rebuilt, never trusted.

The cache holds plain data only (msgpack, never pickle), is written
atomically, and the folder carries a ``.gitignore`` of ``*``. Positions are
stored without the file name (`graph.cache_payload`); the display path is recomputed from the
current working directory on every load.

The file is the magic line, a checksum of the rest, the length of a msgpack
index (header, then per file its stamp and payload length), the index, and
the payloads one after the other: writing and reading copy no payload. The
stamp of a file is taken just before it is parsed, by whichever process
parses it. The write runs in a thread (hashing and writing release the GIL)
while the caller builds the glossary; `ParseCache.wait` joins it, and
`ParseCache.stats` waits for it.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import msgpack
import yaml

from .cache_file import file_bytes as _file_bytes
from .cache_file import load_entries as _load_entries
from .cache_payload import PackedPositions
from .cache_payload import decode as _decode
from .cache_payload import encode as _encode
from .cache_workers import PARALLEL_MIN_FILES, Stamped, file_stamp, parse_elsewhere
from .fileio import atomic_write_bytes, storable_path
from .findings import Finding
from .model import Term
from .sources import _display
from .sources.yaml_terms import LOADER, read_yaml_file
from .version import code_stamps

__all__ = ["CACHE_DIR_NAME", "RACY_SECONDS", "FORMAT", "PARALLEL_MIN_FILES", "ParseCache",
           "PackedPositions", "open_cache", "default_cache_dir", "file_stamp"]

CACHE_DIR_NAME = ".glossgraph-cache"
#: Files changed less than this many seconds before they were parsed are not cached.
RACY_SECONDS = 2.0
#: Bump when the layout of entries (or the checksum) changes.
FORMAT = 3
_PARENT = os.sep + os.pardir + os.sep

Parsed = tuple["str | Path", list[Term], list[Finding]]  # the path as given to `read`
_Planned = tuple["str | Path", str, str, "list | None"]  # path, key, display, cache entry
#: Parse in worker processes when at least this many files miss the cache.


def default_cache_dir(path: str | Path) -> Path:
    """``.glossgraph-cache`` inside a data folder, or next to a data file; for a read-only folder,
    a folder of its own in the user's cache directory.

    A folder is read-only when this user cannot write to it or when it has no
    write permission at all (``chmod a-w``: root could write, but the owner
    said not to). The cache then goes to ``glossgraph/<digest of the folder's
    absolute path>`` in the platform's user cache directory (platformdirs:
    ``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux), so a vocabulary on a
    read-only mount is still read warm, and nothing is written beside it.

    >>> default_cache_dir("data").as_posix()
    'data/.glossgraph-cache'
    """
    path = Path(path)
    folder = path.parent if path.is_file() else path
    if _read_only(folder):
        from platformdirs import user_cache_path

        digest = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:24]
        return user_cache_path("glossgraph", appauthor=False) / digest
    return folder / CACHE_DIR_NAME


def _read_only(folder: Path) -> bool:
    try:
        mode = folder.stat().st_mode
    except OSError:  # missing: the load reports it
        return False
    return not (mode & 0o222) or not os.access(folder, os.W_OK)


def open_cache(path: str | Path, cache_dir: str | Path | None = None) -> ParseCache:
    """The parse cache for the glossary at `path` (in `cache_dir` when given)."""
    return ParseCache(Path(cache_dir) if cache_dir else default_cache_dir(path))


class ParseCache:
    """Parsed terms and load findings per file, reused while the file is unchanged.

    Parameters
    ----------
    directory : Path
        The cache folder (created on first write, with a ``.gitignore``).
    racy_seconds : float, optional
        Files modified this recently are parsed but not stored (default `RACY_SECONDS`).

    Attributes
    ----------
    stats : dict
        ``hits``, ``misses`` and ``written`` (0 or 1) of the last `read`
        (reading it waits for that read's cache write).
    """

    def __init__(self, directory: Path, racy_seconds: float | None = None) -> None:
        self.directory = Path(directory)
        self.racy_seconds = RACY_SECONDS if racy_seconds is None else racy_seconds
        self._stats = {"hits": 0, "misses": 0, "written": 0}
        self._stored = 0
        self._base: tuple[Path, tuple[str, str] | None] | None = None
        self._writer: _Writer | None = None
        #: Display paths of the files the last `read` parsed but left out of the cache file
        #: (a few edited or added ones: see `read`).
        self.unwritten: list[str] = []
        #: Stamps ([size, mtime_ns, ctime_ns] by file name) the caller took before this read,
        #: used instead of stat'ing those files again (`glossgraph check` stats them for its key).
        self.stamps: dict[str, list[int]] = {}
        self._kept: tuple[tuple, dict[str, list]] | None = None

    @property
    def stats(self) -> dict[str, int]:
        self.wait()
        return self._stats

    def read(
        self,
        files: Sequence[str | Path],
        base: Path,
        *,
        loader: type | None = None,
        field_map: dict[str, str] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Iterator[Parsed]:
        """Yield (path, terms, findings) per file, like `graph.sources.read_yaml_terms`.

        The cache file is written in a thread once the last file is yielded;
        call `wait` before forking or relying on the file.
        """
        loader = loader or LOADER
        header, target, old = self._entries(base, loader, field_map)
        new: dict[str, list] = {}
        self._stats = {"hits": 0, "misses": 0, "written": 0}
        self._stored = 0
        plan = [self._plan(path, base, old) for path in files]
        parsed = parse_elsewhere([(str(path), display) for path, _, display, entry in plan
                                  if entry is None], loader, field_map)
        try:
            for done, item in enumerate(plan, start=1):
                yield self._finish(item, new, parsed, loader, field_map)
                if progress is not None:
                    progress(done, len(files))
        finally:
            parsed.close()  # the worker processes end here
        self.unwritten = [display for _, key, display, entry in plan if entry is None and key in new]
        if (not old or old.keys() - {item[1] for item in plan}
                or len(self.unwritten) > _few_files(len(files))):
            # Files gone, or more than a few new ones. Not for a few files just edited or
            # added: parsing them again next time costs far less than rewriting the whole
            # cache (0.05 s at 10k files, 0.5 s at 100k); their old entries never match.
            self.unwritten = []
            self._writer = _Writer(self, target, header, new)

    def stored(self, files: Sequence[str], base: Path, *, loader: type | None = None,
               field_map: dict[str, str] | None = None) -> dict[str, tuple[list[int], Parsed]]:
        """What the cache holds for some files, whatever their stamps are now.

        Returns file -> (the stamp it was stored under, (path, terms, findings));
        files it does not hold, or holds in a payload that does not decode, are
        left out. Incremental checking (`graph.checks.incremental`) compares a
        file's last version with its current one this way.
        """
        _, _, entries = self._entries(base, loader or LOADER, field_map, keep=True)
        found = {}
        for path in files:
            key, display = self._names(path, base)
            entry = entries.get(key)
            decoded = _decode(entry[3], display) if entry is not None else None
            if decoded is not None:
                found[path] = (list(entry[:3]), (path, *decoded))
        return found

    def wait(self) -> None:
        """Wait until the cache file of the last `read` is written (or failed to be).

        Raises what the write raised, other than `OSError` (then ``written`` is 0).
        """
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.join()
            if writer.error is not None:
                raise writer.error

    def cache_file(self, header: dict[str, Any]) -> Path:
        """The file holding the cache of one root, loader and field map."""
        key = msgpack.packb([header["root"], header["loader"], header["fields"]])
        return self.directory / f"parse-{hashlib.sha1(key).hexdigest()[:16]}.msgpack"

    def _entries(self, base: Path, loader: type, field_map: dict[str, str] | None,
                 keep: bool = False) -> tuple[dict[str, Any], Path, dict[str, list]]:
        """(header, cache file, its entries), once every write of it by this process ended;
        `stored` keeps the entries for the `read` that usually follows.

        They are reused only while the file is the one read (same inode, size
        and mtime: the cache is only ever replaced whole), and only once.
        """
        self.wait()
        header = _header(base, loader, field_map)
        target = self.cache_file(header)
        _Writer.finish(target)  # another ParseCache of this process may still be writing it
        try:
            stat = os.stat(target)
            identity = (str(target), stat.st_ino, stat.st_size, stat.st_mtime_ns, repr(header))
        except OSError:
            identity = None
        kept, self._kept = self._kept, None
        if kept is not None and identity is not None and kept[0] == identity:
            entries = kept[1]
        else:
            entries = _load_entries(target, header)
        if keep and identity is not None:
            self._kept = (identity, entries)
        return header, target, entries

    def _plan(self, path: str | Path, base: Path, old: dict) -> _Planned:
        """(path, key, display, the cache entry when it matches the file's stamp, else None)."""
        key, display = self._names(path, base)
        entry = old.get(key)
        if entry is None:
            return path, key, display, None
        stamp = self.stamps.get(path) if isinstance(path, str) else None
        return path, key, display, entry if entry[:3] == (stamp or file_stamp(path)) else None

    def _finish(self, item: _Planned, new: dict, parsed: Iterator[Stamped | None],
                loader: type, field_map: dict[str, str] | None) -> Parsed:
        path, key, display, entry = item
        if entry is not None:
            decoded = _decode(entry[3], display)
            if decoded is not None:
                self._stats["hits"] += 1
                new[key] = entry
                return (path, *decoded)
        self._stats["misses"] += 1
        result = next(parsed) if entry is None else None  # planned misses went to the workers
        stamp, payload = result if result is not None else (None, None)
        decoded = _decode(payload, display) if payload is not None else None
        if decoded is None:
            stamp = file_stamp(path)
            decoded = read_yaml_file(path, display, loader=loader, field_map=field_map)
            payload = _encode(*decoded, display)
        if (stamp is not None and payload is not None and not self._racy(stamp)
                and isinstance(storable_path(key), str)):  # a name not in UTF-8: parsed each time
            new[key] = [*stamp, payload]
            self._stored += 1
        return (path, *decoded)

    def _names(self, path: str | Path, base: Path) -> tuple[str, str]:
        """(cache key relative to `base`, display path relative to the working directory)."""
        text, prefix = str(path), self._prefix(base)
        if prefix and text.startswith(prefix[0]):
            key = text[len(prefix[0]):]
            if _PARENT not in os.sep + key + os.sep:
                return key, key if prefix[1] == os.curdir else prefix[1] + os.sep + key
        return os.path.relpath(path, base), _display(path, base)

    def _prefix(self, base: Path) -> tuple[str, str] | None:
        """`base` as written plus a separator, and as displayed; computed once per read."""
        if self._base is None or self._base[0] != base:
            written, shown = str(base), _display(base, base)
            # Joining is exact unless the working directory is inside `base` (then the
            # display path ends in '..' and relpath would cancel parts of the key).
            simple = written not in ("", os.curdir) and not written.endswith(os.sep)
            exact = simple and shown.split(os.sep)[-1] != os.pardir
            self._base = (base, (written + os.sep, shown) if exact else None)
        return self._base[1]

    def _racy(self, stamp: list[int]) -> bool:
        newest = max(stamp[1], stamp[2])
        return newest > time.time_ns() - int(self.racy_seconds * 1e9)

    def _store(self, target: Path, data: bytes | bytearray) -> None:
        try:
            _prepare(self.directory)
            atomic_write_bytes(target, data, durable=False)  # checksummed: a torn file is rebuilt
        except OSError:  # a read-only data folder: work without a cache
            return
        self._stats["written"] = 1


class _Writer(threading.Thread):
    """Writes one cache file beside the caller, keeping what the write raised in `error`."""

    #: The writes in progress in this process, by cache file.
    running: dict[Path, _Writer] = {}

    def __init__(self, cache: ParseCache, target: Path, header: dict[str, Any],
                 entries: dict[str, list]) -> None:
        super().__init__(name="glossgraph-parse-cache", daemon=False)
        self.cache = cache
        self.target = target
        self.job: tuple | None = (header, entries)
        self.error: BaseException | None = None
        _Writer.finish(target)
        _Writer.running[target] = self
        self.start()

    @staticmethod
    def finish(target: Path) -> None:
        """Wait for the write of `target` in progress, if any."""
        writer = _Writer.running.get(target)
        if writer is not None:
            writer.join()

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if not self.is_alive() and _Writer.running.get(self.target) is self:
            del _Writer.running[self.target]

    def run(self) -> None:
        try:
            data = _file_bytes(*self.job)
            self.job = None  # the payloads are copied: let them go while the glossary is built
            self.cache._store(self.target, data)
        except BaseException as exc:  # noqa: BLE001 - raised by `ParseCache.wait`
            self.error = exc
        finally:
            self.job = None


def _few_files(total: int) -> int:
    """How many new or changed files a read may leave out of the cache file (parsed again next
    time): one in 500, so none below 500 files, where rewriting the cache costs next to nothing.

    >>> _few_files(100), _few_files(10_000), _few_files(100_000)
    (0, 20, 200)
    """
    return total // 500


def _prepare(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        atomic_write_bytes(ignore, b"# written by glossgraph: the parse cache is not versioned\n*\n")


def _header(base: Path, loader: type, field_map: dict[str, str] | None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "glossgraph": code_stamps(),  # the version and every source file's stamp
        "pyyaml": yaml.__version__,
        "loader": f"{loader.__module__}.{loader.__qualname__}",
        "fields": sorted((str(k), str(v)) for k, v in (field_map or {}).items()),
        "root": storable_path(str(Path(base).resolve())),
    }
