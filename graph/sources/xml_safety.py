"""Refuse XML whose entity declarations would expand past a small budget.

Oxigraph's RDF/XML parser expands internal entities as the document uses
them, so a one-kilobyte document of nested declarations (the "billion
laughs") asks for gigabytes. Before any XML reaches a parser, the entity
declarations are read here and the size of their expansion is added up:
what each entity expands to (nested references included) times how often
it is referenced. Above `ENTITY_BUDGET` bytes, or with an entity that is
external, a parameter entity, or defined through itself, the document is
refused with `UnsafeXMLError` (a `ValueError`, so loaders report it as
GG005).

The count is conservative: a reference inside a comment counts too.
Ordinary uses (``<!ENTITY skos "http://www.w3.org/2004/02/skos/core#">``
referenced a few thousand times) stay far below the budget.

Examples
--------
>>> check_xml_entities(b'<!DOCTYPE r [<!ENTITY a "xy">]><r>&a;&a;</r>')
>>> check_xml_entities(b'<!DOCTYPE r [<!ENTITY a "xx"><!ENTITY b "&a;&a;">]><r>&b;</r>',
...                    budget=5)
Traceback (most recent call last):
...
graph.sources.xml_safety.UnsafeXMLError: XML entities would expand to more than 5 bytes; \
entity declarations are refused past that budget
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["ENTITY_BUDGET", "UnsafeXMLError", "check_xml_entities"]

#: Bytes that the expansion of all entity references of one document may add up to.
ENTITY_BUDGET = 16 * 1024 * 1024
_MAX_DEPTH = 64

_DECLARATION = re.compile(rb"<!ENTITY\s+(%\s*)?([^\s%\"'>]+)\s*(.*?)(?:>|$)", re.S)
_VALUE = re.compile(rb"\s*(?:\"([^\"]*)\"|'([^']*)')\s*$", re.S)
_REFERENCE = re.compile(rb"&([A-Za-z_:][\w.\-:]*);")


class UnsafeXMLError(ValueError):
    """An XML document whose entities are external, recursive, or expand past the budget."""


def check_xml_entities(data: bytes, budget: int = ENTITY_BUDGET) -> None:
    """Raise `UnsafeXMLError` when the document's entities are unsafe to expand."""
    if b"<!ENTITY" not in data:
        return
    values = _declarations(data)
    sizes: dict[bytes, int] = {}
    for name in values:
        _expanded_size(name, values, sizes, budget, ())
    uses = Counter(match.group(1) for match in _REFERENCE.finditer(data))
    total = sum(sizes.get(name, 0) * count for name, count in uses.items())
    if total > budget:
        raise _too_big(budget)


def _declarations(data: bytes) -> dict[bytes, bytes]:
    values: dict[bytes, bytes] = {}
    for match in _DECLARATION.finditer(data):
        parameter, name, rest = match.groups()
        literal = _VALUE.match(rest)
        if parameter or literal is None:
            kind = "parameter" if parameter else "external"
            raise UnsafeXMLError(f"the XML document declares a {kind} entity "
                                 f"({name.decode('utf-8', 'replace')}), which glossgraph never reads")
        values.setdefault(name, literal.group(1) if literal.group(1) is not None else literal.group(2))
    return values


def _expanded_size(name: bytes, values: dict[bytes, bytes], sizes: dict[bytes, int],
                   budget: int, path: tuple[bytes, ...]) -> int:
    if name in sizes:
        return sizes[name]
    if name in path:
        raise UnsafeXMLError(f"the XML entity {name.decode('utf-8', 'replace')} refers to itself")
    if len(path) > _MAX_DEPTH:
        raise UnsafeXMLError(f"XML entities are nested more than {_MAX_DEPTH} deep")
    value = values[name]
    size = len(value)
    for match in _REFERENCE.finditer(value):
        if match.group(1) in values:
            inner = _expanded_size(match.group(1), values, sizes, budget, (*path, name))
            size += inner - len(match.group(0))
            if size > budget:
                raise _too_big(budget)
    sizes[name] = size
    return size


def _too_big(budget: int) -> UnsafeXMLError:
    return UnsafeXMLError(f"XML entities would expand to more than {budget:,} bytes; "
                          "entity declarations are refused past that budget")
