"""The check cache: the findings of the last `glossgraph check`, reused while nothing changed.

Like ruff's or ESLint's cache, a second `check` of an unchanged glossary reads
the findings back instead of loading the glossary and running the rules. The
result is used only when every input is exactly what it was:

- every data file: the same list of paths, each with the same size,
  mtime_ns and ctime_ns (the parse cache's test, see `graph.cache`);
- the options and the whole configuration, the schema file's stamp, and the
  date (GG403 compares review dates with today);
- the working directory (findings name files relative to it);
- glossgraph's version and the stamps of its own source files, PyYAML's
  version and the YAML loader.

All of it is hashed into one key; the cache keeps the findings of one key per
data root. Everything but the files is also hashed into a second key (`base`),
under which the last check, the stamp each file had and a few files'
signatures are found again after an edit (`previous`, for incremental
checking: `graph.checks.incremental`). Nothing is stored when a file changed
less than `RACY_SECONDS` before the run (a second change in the same
timestamp tick could keep its stamp) or could not be read. A missing, corrupt or foreign cache file is a
miss, never an error; writes are atomic, and the file holds msgpack only.

Examples
--------
>>> import tempfile, pathlib
>>> from graph.findings import Finding
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.yml").write_text("term: a\\n")
>>> cache = CheckCache(folder / ".cache", racy_seconds=0)
>>> key = cache.key(folder, [str(folder / "a.yml")], {"select": None})
>>> cache.get(key) is None
True
>>> cache.put(key, Extent(1, 1), [Finding("GG403", "stale-review", "info", "old")])
>>> extent, findings = cache.get(key)
>>> extent, findings[0].code
(Extent(terms=1, files=1), 'GG403')
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, fields
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any

import msgpack
import yaml

from .cache import RACY_SECONDS
from .fileio import CHECKSUM_SIZE, atomic_write_bytes, checksum, open_regular, storable_path, unstored_path
from .findings import Finding
from .sources.yaml_terms import LOADER
from .version import code_stamps

__all__ = ["CheckCache", "Extent", "Listing", "Previous"]

_MAGIC = b"GLOSSGRAPH-CHECK-CACHE\n"
_DIGEST = 16  # bytes in a key
#: Bump when the layout of the stored findings (or the checksum) changes.
FORMAT = 5


@dataclass(frozen=True)
class Extent:
    """How much was checked: terms and files (the report's summary line needs no more)."""

    terms: int
    files: int

    @classmethod
    def of(cls, glossary: Any) -> Extent:
        """The extent of a loaded glossary: its terms, and the files of its terms and load findings."""
        files = {term.file for term in glossary if term.file}
        files.update(f.file for f in glossary.load_findings if f.file)
        return cls(len(glossary), len(files))


class Listing:
    """The files of a check in order, and their stamps packed as one array.

    Each file has three 64-bit integers, [size, mtime_ns, ctime_ns], stored
    little-endian. At 100k files this unpacks in 0.02 s, where a dict of
    name -> stamp took 0.27 s, and `changed` compares whole arrays.

    >>> before = Listing.of({"a.yml": [5, 1, 1], "b.yml": [7, 2, 2]})
    >>> Listing(*before.packed()).changed(Listing.of({"a.yml": [5, 1, 1], "b.yml": [8, 3, 3]}))
    ['b.yml']
    >>> before.changed(Listing.of({"a.yml": [5, 1, 1]})) is None, before.stamp("a.yml")
    (True, (5, 1, 1))
    """

    __slots__ = ("names", "stamps", "_where")

    def __init__(self, names: Sequence[str] | bytes, stamps: bytes | array) -> None:
        if isinstance(names, bytes):
            names = msgpack.unpackb(names)
            if any(type(name) is bytes for name in names):  # names that are not UTF-8
                names = map(unstored_path, names)
        self.names: tuple[str, ...] = tuple(names)
        if not isinstance(stamps, array):
            stamps = array("q", stamps)
            if sys.byteorder == "big":  # pragma: no cover - stored little-endian
                stamps.byteswap()
        if len(stamps) != 3 * len(self.names):
            raise ValueError("stamps do not match the files")
        self.stamps = stamps
        self._where: dict[str, int] | None = None

    @classmethod
    def of(cls, stamps: dict[str, list[int]]) -> Listing:
        """The listing of `stamps` (file -> [size, mtime_ns, ctime_ns]), in their order."""
        return cls(tuple(stamps), array("q", chain.from_iterable(stamps.values())))

    def packed(self) -> tuple[bytes, bytes]:
        """(the names as msgpack, the stamps little-endian): what `Listing(*packed)` takes back."""
        stamps = self.stamps
        if sys.byteorder == "big":  # pragma: no cover
            stamps = array("q", stamps)
            stamps.byteswap()
        try:
            names = msgpack.packb(self.names)
        except UnicodeEncodeError:  # a file name that is not UTF-8: stored as its bytes
            names = msgpack.packb([storable_path(name) for name in self.names])
        return names, stamps.tobytes()

    def changed(self, now: Listing) -> list[str] | None:
        """The files whose stamp is another in `now`; None when the files themselves differ."""
        if self.names != now.names:
            return None
        if self.stamps == now.stamps:
            return []
        changed = {index // 3 for index, (was, new) in enumerate(zip(self.stamps, now.stamps))
                   if was != new}
        return [self.names[index] for index in sorted(changed)]

    def stamp(self, name: str) -> tuple[int, ...] | None:
        """The stamp of file `name`, or None when it is not listed."""
        if self._where is None:
            self._where = {file: index for index, file in enumerate(self.names)}
        index = self._where.get(name)
        return None if index is None else tuple(self.stamps[3 * index : 3 * index + 3])


@dataclass
class Previous:
    """The last check of a glossary: its extent, its files and their stamps, the signatures
    of the files an incremental check read (`graph.checks.incremental`), and its findings."""

    extent: Extent
    listing: Listing
    signatures: dict[str, Sequence[bytes]]
    rows: Callable[[], Sequence[Sequence[Any]]]

    def findings(self) -> list[Finding]:
        """The findings, decoded now (once: a check that cannot be incremental never needs them)."""
        return [Finding(*row) for row in self.rows()]


class CheckCache:
    """The findings of one `check` per data root, keyed by everything they depend on.

    Parameters
    ----------
    directory : Path
        The cache folder (the parse cache's; created on first write).
    racy_seconds : float, optional
        Files changed this recently make a run uncacheable (default `RACY_SECONDS`).
    """

    def __init__(self, directory: Path, racy_seconds: float | None = None) -> None:
        self.directory = Path(directory)
        self.racy_seconds = RACY_SECONDS if racy_seconds is None else racy_seconds
        self.stamps: dict[str, list[int]] = {}
        self.listing = Listing((), b"")
        self.base: bytes | None = None

    def key(self, root: Path, files: Sequence[str], inputs: dict[str, Any]) -> bytes | None:
        """The key of a check of `files` with these `inputs`, or None when it cannot be cached.

        None when a file cannot be stat'ed or changed within `racy_seconds`. The
        stamps taken are left in `stamps` (file -> [size, mtime_ns, ctime_ns]) for
        the parse cache, so that a miss does not stat every file twice, and for
        `previous`; `base` is the key of everything but the files.
        """
        world = [FORMAT, storable_path(str(Path(root).resolve())), storable_path(os.getcwd()),
                 code_stamps(), yaml.__version__,
                 f"{LOADER.__module__}.{LOADER.__qualname__}", inputs]
        self.base = _digest(msgpack.packb(world, use_bin_type=True, default=str))
        newest = time.time_ns() - int(self.racy_seconds * 1e9)
        self.stamps = stamps = {}
        cacheable = True
        stat = os.stat
        for name in files:  # the one loop over every file: 0.55 s at 100k as a dict of
            try:  # `file_stamp` lists hashed whole, 0.4 s like this (stat itself is 0.3 s)
                info = stat(name)
            except OSError:
                cacheable = False
                continue
            stamps[name] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns]
            if info.st_mtime_ns > newest or info.st_ctime_ns > newest:
                cacheable = False
        try:
            self.listing = Listing.of(stamps)
        except OverflowError:  # a stamp beyond 64 bits (a file dated past 2262): not cached
            self.listing, cacheable = Listing((), b""), False
        if not cacheable:
            return None
        return _digest(b"".join((self.base, *self.listing.packed())))

    def get(self, key: bytes | None) -> tuple[Extent, list[Finding]] | None:
        """The extent and findings stored under `key`, or None (missing, other key, corrupt).

        The key is read first: a miss reads 71 bytes, not the whole file.
        """
        try:
            parts = _read(self._file(), key)
            extent = parts.unpack()
            parts.skip()  # the stamps and signatures are for `previous`
            parts.skip()
            return Extent(*extent), [Finding(*row) for row in parts.unpack()]
        except Exception:  # noqa: BLE001 - missing, other key, corrupt or foreign: a miss
            return None

    def previous(self) -> Previous | None:
        """The last check with the same `base` (options, code...), or None when there is none.

        Its findings are decoded only when asked for (`Previous.findings`).
        """
        try:
            parts = _read(self._file(), self.base, base=True)
            extent, listing, signatures = parts.unpack(), parts.unpack(), parts.unpack()
            return Previous(Extent(*extent), Listing(*listing), signatures, parts.unpack)
        except Exception:  # noqa: BLE001 - missing, other options, corrupt or foreign: none
            return None

    def put(self, key: bytes | None, extent: Extent, findings: Sequence[Finding],
            signatures: dict[str, Sequence[bytes]] | None = None) -> None:
        """Store `findings` under `key` (nothing when key is None or the folder is read-only).

        `signatures` (`graph.checks.incremental.signature`, by display path):
        of the files an incremental check read, or the parse cache left out,
        for the next check to compare with (the parse cache holds the rest).
        """
        if key is None or any(f.code == "GG004" for f in findings):  # unreadable files: retry
            return
        rows = list(map(_row, findings))
        parts = [list(astuple(extent)), self.listing.packed(), signatures or {}, rows]
        base = self.base or bytes(_DIGEST)  # no base: never found by `previous`
        try:
            body = b"".join(msgpack.packb(part, use_bin_type=True) for part in parts)
        except UnicodeEncodeError:  # a finding naming a file that is not UTF-8: not kept
            return
        self._write(self._file(), key + base, body)

    def memo(self) -> dict[str, dict]:
        """The tables rules kept for later runs (`graph.checks.memo`); {} when missing or foreign."""
        try:
            tables = _read(self._memo_file(), _memo_header()).unpack()
        except Exception:  # noqa: BLE001 - missing, another build, corrupt: start empty
            return {}
        return tables if isinstance(tables, dict) else {}

    def save_memo(self, tables: dict[str, dict]) -> None:
        """Keep `tables` (the ones a run used) for the next run; a read-only folder keeps nothing."""
        self._write(self._memo_file(), _memo_header(), msgpack.packb(tables, use_bin_type=True))

    def _write(self, target: Path, label: bytes, body: bytes) -> None:
        """Magic, `label` (the key), a checksum of label and body, then the msgpack body."""
        from .cache import _prepare

        try:
            _prepare(self.directory)
            atomic_write_bytes(target, b"".join((_MAGIC, label, checksum(label, body), body)),
                               durable=False)  # checksummed
        except OSError:
            return

    def _file(self) -> Path:
        return self.directory / "check.msgpack"

    def _memo_file(self) -> Path:
        return self.directory / "memo.msgpack"


#: A finding's fields as a tuple, in field order (what `Finding(*row)` takes back).
_row = attrgetter(*(item.name for item in fields(Finding)))


def _memo_header() -> bytes:
    """What the kept tables were computed by: this format and glossgraph's sources, hashed."""
    return _digest(msgpack.packb([FORMAT, code_stamps()], use_bin_type=True))


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST).digest()


def _read(target: Path, label: bytes | None, base: bool = False) -> msgpack.Unpacker:
    """The msgpack objects stored under `label`, to unpack (or skip) in turn.

    Raises when the file is missing, another label's, or corrupt. The check
    cache's label is its key then its base; `base=True` matches the base only.
    """
    if label is None or len(label) != _DIGEST:
        raise KeyError("no key")
    size = 2 * _DIGEST if target.name == "check.msgpack" else _DIGEST
    start = len(_MAGIC) + size + CHECKSUM_SIZE
    with open_regular(target) as handle:  # a FIFO or a device put there is refused
        head = handle.read(start)
        stored = head[len(_MAGIC) : len(_MAGIC) + size]
        if head[: len(_MAGIC)] != _MAGIC or (stored[-_DIGEST:] if base else stored[:_DIGEST]) != label:
            raise KeyError("another key")
        body = handle.read()
    if checksum(stored, body) != head[-CHECKSUM_SIZE:]:
        raise ValueError("checksum mismatch")
    parts = msgpack.Unpacker(raw=False, use_list=False, strict_map_key=False,
                             max_buffer_size=max(len(body), 1))
    parts.feed(body)
    return parts
