"""The parse cache's file: magic, checksum, index length, index, then the payloads.

The index holds the header (what wrote the cache) and, per file, its stamp
[size, mtime_ns, ctime_ns] and payload length; the payloads follow one after
the other, so that writing and reading copy none of them. A file that is
missing, corrupt or foreign reads as no entries (`load_entries`).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import msgpack

from .fileio import CHECKSUM_SIZE, atomic_write_bytes, checksum, read_regular

__all__ = ["MAGIC", "INDEX_SIZE", "write_body", "file_bytes", "read_body", "load_entries"]

MAGIC = b"GLOSSGRAPH-PARSE-CACHE\n"
INDEX_SIZE = struct.Struct(">Q")


def write_body(target: Path, header: dict[str, Any], entries: dict[str, list]) -> None:
    """Write a cache file atomically (no fsync: a file torn by a crash fails its checksum)."""
    atomic_write_bytes(target, file_bytes(header, entries), durable=False)


def file_bytes(header: dict[str, Any], entries: dict[str, list]) -> bytearray:
    """Magic, checksum, index length, index and payloads.

    The payloads are copied once, into the file's bytes, and checksummed in
    one call.
    """
    index = {key: [*entry[:3], len(entry[3])] for key, entry in entries.items()}
    packed = msgpack.packb([header, index], use_bin_type=True)
    parts = [MAGIC, bytes(CHECKSUM_SIZE), INDEX_SIZE.pack(len(packed)), packed]
    parts.extend(entry[3] for entry in entries.values())
    data = bytearray().join(parts)
    start = len(MAGIC) + CHECKSUM_SIZE
    with memoryview(data) as view:
        digest = checksum(view[start:])
    data[len(MAGIC):start] = digest
    return data


def read_body(target: Path) -> tuple[Any, dict[Any, list]]:
    """(header, entries) of a cache file; raises ValueError when it is not one.

    Each entry is [size, mtime_ns, ctime_ns, payload], the payload a view
    into the file's bytes.
    """
    data = read_regular(target)[0]  # a FIFO or a device put there is refused, never read
    start = len(MAGIC) + CHECKSUM_SIZE
    if not data.startswith(MAGIC) or len(data) < start + INDEX_SIZE.size:
        raise ValueError("not a glossgraph parse cache")
    body = memoryview(data)[start:]
    if checksum(body) != data[len(MAGIC) : start]:
        raise ValueError("checksum mismatch")
    (length,) = INDEX_SIZE.unpack_from(body)
    index_end = INDEX_SIZE.size + length
    header, index = msgpack.unpackb(body[INDEX_SIZE.size:index_end], raw=False, use_list=True)
    return header, with_payloads(index, body[index_end:])


def with_payloads(index: Any, payloads: memoryview) -> dict[Any, list]:
    """The index's [size, mtime_ns, ctime_ns, length] rows with each length's payload instead."""
    if not isinstance(index, dict):
        raise ValueError("the index is not a mapping")
    entries: dict[Any, list] = {}
    offset = 0
    for key, row in index.items():
        if not (isinstance(row, list) and len(row) == 4 and type(row[3]) is int and row[3] >= 0):
            raise ValueError("bad index row")
        entries[key] = [*row[:3], payloads[offset:offset + row[3]]]
        offset += row[3]
    if offset != len(payloads):
        raise ValueError("the payloads do not add up to the index")
    return entries


def load_entries(target: Path, header: dict[str, Any]) -> dict[str, list]:
    """The entries of a cache file, or {} when it is missing, corrupt or foreign."""
    try:
        stored_header, entries = read_body(target)
    except Exception:  # noqa: BLE001 - unreadable, corrupt or foreign: rebuild
        return {}
    if _normalise(stored_header) != _normalise(header):
        return {}
    return {key: entry for key, entry in entries.items() if _valid_entry(key, entry)}


def _normalise(header: Any) -> Any:
    """Compare headers after a msgpack round trip (tuples become lists)."""
    return msgpack.unpackb(msgpack.packb(header), raw=False) if isinstance(header, dict) else None


def _valid_entry(key: Any, entry: Any) -> bool:
    return (
        isinstance(key, str)
        and isinstance(entry, list)
        and len(entry) == 4
        and all(type(value) is int for value in entry[:3])
        and isinstance(entry[3], (bytes, memoryview))
    )
