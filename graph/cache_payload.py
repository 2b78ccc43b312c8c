"""The parse cache's payloads: one file's terms and load findings as msgpack, and back.

Terms and findings are stored as nested lists, positions without the file name
(the display path is given back on every load), dates and sets as msgpack
extensions; a term's field positions stay packed until a finding needs them
(`PackedPositions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import msgpack

from .findings import Finding
from .model import Position, Reference, Term

__all__ = ["PackedPositions", "encode", "decode"]

_EXT_DATE, _EXT_DATETIME, _EXT_SET = 1, 2, 3


# Encoding: terms and findings as nested lists; positions without the file name.


def encode(terms: list[Term], findings: list[Finding], display: str) -> bytes | None:
    """The payload of one file, or None when it cannot be stored faithfully."""
    if any(finding.code == "GG004" for finding in findings):
        return None  # unreadable files are retried every time
    try:
        data = [[_encode_term(term, display) for term in terms],
                [_encode_finding(finding, display) for finding in findings]]
        return msgpack.packb(data, use_bin_type=True, default=_ext_default)
    except (TypeError, ValueError, OverflowError):
        return None


def _encode_position(position: Position | None, display: str) -> list | None:
    if position is None:
        return None
    if position.file != display:
        raise ValueError("position outside the file")
    return [position.line, position.column]


def _encode_term(term: Term, display: str) -> list:
    refs = [[r.text, r.relation, r.index, _encode_position(r.position, display)]
            for r in term.references]
    errors = [[path, message, _encode_position(position, display)]
              for path, message, position in term.field_errors]
    if isinstance(term.positions, PackedPositions) and term.positions.packed is not None:
        positions = term.positions.packed
    else:
        positions = msgpack.packb(dict(term.positions), use_bin_type=True)
    return [
        term.label, term.aliases, term.categories, term.roles, term.part_of_speech,
        term.short_def, term.long_def, term.audiences, term.examples, term.governance,
        refs, term.citations, term.license, term.status, term.last_reviewed, term.extra,
        _encode_position(term.position, display), errors, positions, term.id,
        sorted(term.suppressed), term.declared_id,
    ]


def _encode_finding(finding: Finding, display: str) -> list:
    if finding.file != display:
        raise ValueError("finding outside the file")
    return [finding.code, finding.rule, finding.severity, finding.message, finding.line,
            finding.column, finding.term, finding.target, finding.relation, finding.suggestion]


def _ext_default(value: Any) -> msgpack.ExtType:
    if isinstance(value, dt.datetime):
        return msgpack.ExtType(_EXT_DATETIME, value.isoformat().encode())
    if isinstance(value, dt.date):
        return msgpack.ExtType(_EXT_DATE, value.isoformat().encode())
    if isinstance(value, (set, frozenset)):
        items = msgpack.packb(sorted(value, key=repr), use_bin_type=True, default=_ext_default)
        return msgpack.ExtType(_EXT_SET, items)
    raise TypeError(f"cannot cache {type(value).__name__}")


def _ext_hook(code: int, data: bytes) -> Any:
    if code == _EXT_DATETIME:
        return dt.datetime.fromisoformat(data.decode())
    if code == _EXT_DATE:
        return dt.date.fromisoformat(data.decode())
    if code == _EXT_SET:
        return set(_unpack(data))
    raise ValueError(f"unknown msgpack extension {code}")


def _unpack(data: bytes) -> Any:
    return msgpack.unpackb(data, raw=False, strict_map_key=False, ext_hook=_ext_hook)


# Decoding: rebuild the model objects with the current display path.


class PackedPositions(Mapping):
    """A term's field positions as the cache stored them, unpacked on first use.

    Most terms never need them (only findings about a field do), and unpacking
    them was a fifth of a warm load. The whole cache body is checksummed; should
    a payload still not unpack to field -> (line, column), it is read as no
    positions, and findings fall back to the term's own position.

    >>> p = PackedPositions(msgpack.packb({"status": (3, 1)}))
    >>> p["status"], "aliases" in p, dict(p)
    ((3, 1), False, {'status': (3, 1)})
    >>> dict(PackedPositions(b"not msgpack"))
    {}
    """

    __slots__ = ("packed", "_table")

    def __init__(self, packed: bytes) -> None:
        self.packed: bytes | None = packed
        self._table: dict[str, tuple[int, int]] | None = None

    @property
    def table(self) -> dict[str, tuple[int, int]]:
        if self._table is None:
            self._table = _positions_table(self.packed)
        return self._table

    def __getitem__(self, path: str) -> tuple[int, int]:
        return self.table[path]

    def __contains__(self, path: object) -> bool:
        return path in self.table

    def get(self, path: str, default: Any = None) -> Any:
        return self.table.get(path, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)


def _positions_table(packed: bytes | None) -> dict[str, tuple[int, int]]:
    try:
        table = msgpack.unpackb(packed, raw=False, use_list=False)
    except Exception:  # noqa: BLE001 - unreadable: no field positions, never a crash
        return {}
    return table if isinstance(table, dict) else {}  # the body's checksum vouches for the rest


def decode(payload: bytes, display: str) -> tuple[list[Term], list[Finding]] | None:
    """Terms and findings from a payload, or None when it does not decode cleanly."""
    try:
        term_rows, finding_rows = _unpack(payload)
        terms = [_decode_term(row, display) for row in term_rows]
        findings = [Finding(*row[:4], display, *row[4:]) for row in finding_rows]
    except Exception:  # noqa: BLE001 - a bad payload is re-parsed, never trusted
        return None
    return terms, findings


def _position(display: str, pair: list | None) -> Position | None:
    return None if pair is None else Position(display, pair[0], pair[1])


def _decode_term(row: list, display: str) -> Term:
    (label, aliases, categories, roles, pos, short_def, long_def, audiences, examples,
     governance, refs, citations, license_, status, reviewed, extra, position, errors,
     positions, term_id, suppressed, declared_id) = row
    if not all(isinstance(x, list) for x in (aliases, categories, roles, refs, citations)):
        raise TypeError("bad term row")
    if not isinstance(positions, bytes):
        raise TypeError("bad positions")
    return Term(
        label=label, aliases=aliases, categories=categories, roles=roles, part_of_speech=pos,
        short_def=short_def, long_def=long_def, audiences=audiences, examples=examples,
        governance=governance,
        references=[Reference(text, relation, index, _position(display, where))
                    for text, relation, index, where in refs],
        citations=citations, license=license_, status=status, last_reviewed=reviewed,
        extra=extra, position=_position(display, position),
        field_errors=[(path, message, _position(display, where))
                      for path, message, where in errors],
        positions=PackedPositions(positions),
        id=term_id, suppressed=frozenset(suppressed), declared_id=declared_id,
    )
