"""The known fields of one YAML term, type-checked: a misshapen field is a field error (GG401),
read as well as it can be, never a crash; unknown fields are kept in `Term.extra`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..model import ABSOLUTE_IRI, RELATIONS, Reference, Term

__all__ = ["fill_fields", "declare_id"]

_LIST_FIELDS = ("aliases", "categories", "roles")
_TEXT_FIELDS = ("part_of_speech", "short_def", "long_def", "license", "status")
_DICT_FIELDS = ("audiences", "examples", "governance")
_KNOWN_FIELDS = frozenset(("term", "relationships", "citations", "last_reviewed",
                           *_LIST_FIELDS, *_TEXT_FIELDS, *_DICT_FIELDS))
#: A declared id: it ends an IRI (base IRI + id), so no spaces, no characters IRIs refuse,
#: and no ``/``, ``#``, ``?`` or ``%`` (which would make it a path, a fragment or a query).
_ID = re.compile(r"^[^\s<>\"{}|\\^`/#?%\[\]\x00-\x1f\x7f]+$")


def declare_id(term: Term, value: Any, where: str) -> None:
    """Give `term` the id its entry declares (the configured `id` key), when it can be one."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(text, str) and _ID.match(text):
        term.id = term.declared_id = text
        return
    _error_recorder(term)("id", f"{where!r} {str(value)[:80]!r} cannot be an id (it ends the term's IRI: "
                                "no spaces, and none of <>\"{}|^`/#?%[]); the slug of the label is used")


def fill_fields(term: Term, data: dict[str, Any]) -> None:
    """Copy known fields onto the term with type checks; keep the rest in `extra`."""
    error = _error_recorder(term)
    for name in _LIST_FIELDS:
        setattr(term, name, _string_list(data.get(name), name, error))
    for name in _TEXT_FIELDS:
        setattr(term, name, _text(data.get(name), name, error))
    for name in _DICT_FIELDS:
        setattr(term, name, _mapping(data.get(name), name, error))
    term.last_reviewed = _date_text(data.get("last_reviewed"), error)
    term.citations = _citations(data.get("citations"), error)
    term.references = _references(term, data.get("relationships"), error)
    term.extra = {key: value for key, value in data.items() if key not in _KNOWN_FIELDS}
    _check_iri(data.get("iri"), error)


def _check_iri(value: Any, error: Callable) -> None:
    """An `iri:` that is no absolute IRI is reported: the term gets the slug IRI instead."""
    if value is not None and not (isinstance(value, str) and ABSOLUTE_IRI.match(value)):
        error("iri", f"'iri' {str(value)[:80]!r} is not an absolute IRI (a scheme, and no spaces "
                     "or <>\"{}|^`\\); the IRI made from the slug is used")


def _error_recorder(term: Term) -> Callable[[str, str], None]:
    def record(path: str, message: str) -> None:
        term.field_errors.append((path, message, term.position_of(path)))

    return record


def _kind(value: Any) -> str:
    return {str: "text", list: "a list", dict: "a mapping", bool: "a boolean",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _string_list(value: Any, name: str, error: Callable) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        error(name, f"'{name}' should be a list of text, not text")
        return [value]
    if not isinstance(value, list):
        error(name, f"'{name}' should be a list of text, not {_kind(value)}")
        return []
    items = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            items.append(item)
        elif isinstance(item, (int, float, bool, dt.date)):
            error(f"{name}[{index}]", f"'{name}' item {index + 1} should be text, not {_kind(item)}")
            items.append(str(item))
        else:
            error(f"{name}[{index}]", f"'{name}' item {index + 1} should be text, not {_kind(item)}")
    return items


def _text(value: Any, name: str, error: Callable) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool, dt.date)):
        error(name, f"'{name}' should be text, not {_kind(value)}")
        return str(value)
    error(name, f"'{name}' should be text, not {_kind(value)}")
    return None


def _mapping(value: Any, name: str, error: Callable) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        error(name, f"'{name}' should be a mapping, not {_kind(value)}")
        return {}
    return {str(key): item for key, item in value.items()}


def _date_text(value: Any, error: Callable) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    error("last_reviewed", f"'last_reviewed' should be a date, not {_kind(value)}")
    return str(value)


def _citations(value: Any, error: Callable) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        error("citations", f"'citations' should be a list, not {_kind(value)}")
        return []
    citations = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            citations.append({str(key): val for key, val in item.items()})
        else:
            error(f"citations[{index}]", f"citation {index + 1} should be a mapping with source and url")
            if isinstance(item, str):
                citations.append({"source": item})
    return citations


def _references(term: Term, value: Any, error: Callable) -> list[Reference]:
    if value is None:
        return []
    if not isinstance(value, dict):
        error("relationships", f"'relationships' should be a mapping, not {_kind(value)}")
        return []
    references: list[Reference] = []
    for relation, entries in value.items():
        path = f"relationships.{relation}"
        if relation not in RELATIONS:
            error(path, f"unknown relationship {relation!r} (expected broader, narrower, related)")
            continue
        for index, text in enumerate(_string_list(entries, path, error)):
            references.append(Reference(text, relation, index, term.position_of(f"{path}[{index}]")))
    return references
