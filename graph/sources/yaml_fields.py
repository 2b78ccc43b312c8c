"""The field mapping: other YAML glossary shapes, read by configuration only.

`fields` in the configuration says where an entry keeps each glossgraph field:

- a key (``term = "name"``) or a dotted path into nested mappings
  (``term = "en.term"``);
- a per-language pattern for the language maps (``labels = "*.term"``,
  ``definitions = "*.def"``, ``alt_labels = "*.acronym"``): ``*`` stands for
  every key of the entry that is a language tag and holds that path;
- ``id = "slug"``: the term's id (its IRI is the base IRI plus the id), which
  references may name exactly;
- ``broader`` / ``narrower`` / ``related = "ref"``: a list (or one text) of
  references of that relation, beside any ``relationships`` mapping.

A value that a plain path reads is not repeated by a pattern: with
``term = "en.term"`` and ``labels = "*.term"``, the English label is the term
and ``labels`` holds the others. What the mapping reads is taken out of the
entry; whatever is left is kept as unknown fields (nothing is dropped).

Examples
--------
>>> mapping = compile_fields({"id": "slug", "term": "en.term", "labels": "*.term", "related": "ref"})
>>> read = mapping.read({"slug": "adt", "ref": ["list"], "en": {"term": "ADT", "x": 1},
...                      "fr": {"term": "TAD"}})
>>> read.data
{'en': {'x': 1}, 'term': 'ADT', 'labels': {'fr': 'TAD'}, 'relationships': {'related': ['list']}}
>>> read.declared_id
'adt'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from ..model import KNOWN_FIELDS, RELATIONS

__all__ = ["FIELDS", "LANGUAGE_MAPS", "FieldMapError", "FieldMap", "MappedEntry", "compile_fields",
           "field_positions"]

#: The language maps a per-language pattern (``*.key``) may fill: {language: text or [texts]}.
LANGUAGE_MAPS = ("labels", "alt_labels", "other_hidden_labels", "definitions", "scope_notes")
#: Every field `fields` may name.
FIELDS = (*KNOWN_FIELDS, "id", *RELATIONS, "iri", "language", *LANGUAGE_MAPS, "hidden_labels",
          "description", "notation", "notes")
#: A language tag, as RDF literals take it (BCP 47 shape).
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
#: Fields that hold lists: a mapped one may hold a single text.
_LISTS = ("aliases", "categories", "roles", "hidden_labels", *RELATIONS)
_Scalar, _Sequence, _Mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class FieldMapError(ValueError):
    """A `fields` setting that cannot be used (unknown field, bad path or pattern)."""


@dataclass(frozen=True)
class MappedEntry:
    """One entry read through the mapping: the data in glossgraph's shape, field positions
    ((line, column) by field path, as `field_positions` gives them) and the declared id."""

    data: dict[str, Any]
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    declared_id: Any = None


@dataclass(frozen=True)
class FieldMap:
    """A checked `fields` setting: plain paths and per-language patterns, as key tuples."""

    plain: tuple[tuple[str, tuple[str, ...]], ...]
    patterns: tuple[tuple[str, tuple[str, ...]], ...]

    def where(self, name: str) -> str:
        """Where entries keep field `name`, as written in the configuration."""
        for found, path in self.plain:
            if found == name:
                return ".".join(path)
        return name

    def read(self, data: dict, node: yaml.MappingNode | None = None) -> MappedEntry:
        """The entry `data` (composed from `node`, for positions) in glossgraph's shape."""
        taken: set[tuple[str, ...]] = set()
        out: dict[str, Any] = {}
        relations: dict[str, Any] = {}
        declared = None
        for name, path in self.plain:
            found, value = _get(data, path)
            if not found:
                continue
            taken.add(path)
            if name in _LISTS and isinstance(value, str):
                value = [value]  # one acronym, one ref: a list of one
            if name in RELATIONS:
                relations[name] = value
            elif name == "id":
                declared = value
            else:
                out[name] = value
        out.update(self._languages(data, taken))
        result = {**_without(data, taken), **out}
        if relations:
            result["relationships"] = _merged_relations(result.get("relationships"), relations)
        positions = field_positions(node, self) if node is not None else {}
        return MappedEntry(result, positions, declared)

    def _languages(self, data: dict, taken: set[tuple[str, ...]]) -> dict[str, dict[str, Any]]:
        """The language maps the patterns fill ({field: {language: value}}); paths read go to
        `taken`. A path a plain mapping reads is left to it."""
        claimed = {path for _, path in self.plain}
        maps: dict[str, dict[str, Any]] = {}
        for name, rest in self.patterns:
            for key, value in data.items():
                path = (key, *rest)
                if not (isinstance(key, str) and isinstance(value, dict) and _LANGUAGE.match(key)) \
                        or path in claimed:
                    continue
                found, text = _get(data, path)
                if found:
                    maps.setdefault(name, {})[key] = text
                    taken.add(path)
        return maps


def _get(data: Any, path: tuple[str, ...]) -> tuple[bool, Any]:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return False, None
        data = data[key]
    return True, data


def _without(data: dict, taken: set[tuple[str, ...]]) -> dict:
    """`data` less the paths in `taken`; a mapping emptied by it goes too (not one written empty)."""
    heads: dict[str, list[tuple[str, ...]]] = {}
    for path in taken:
        heads.setdefault(path[0], []).append(path[1:])
    kept = {}
    for key, value in data.items():
        rests = heads.get(key) if isinstance(key, str) else None
        if rests is None:
            kept[key] = value
        elif () not in rests and isinstance(value, dict):
            rest = _without(value, set(rests))
            if rest:
                kept[key] = rest
    return kept


def _merged_relations(written: Any, mapped: dict[str, Any]) -> Any:
    """`relationships` as written, with the mapped relations' entries after its own."""
    if written is not None and not isinstance(written, dict):
        return written  # a misshapen relationships field is reported as it is
    merged = dict(written or {})
    for relation, value in mapped.items():
        before = merged.get(relation)
        if before is None:
            merged[relation] = value
        else:
            merged[relation] = _as_list(before) + _as_list(value)
    return merged


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def field_positions(node: yaml.MappingNode, mapping: FieldMap | None = None
                    ) -> dict[str, tuple[int, int]]:
    """(line, column) of each field an entry writes, its list items, and relationship entries,
    by glossgraph field path (``"term"``, ``"aliases[0]"``, ``"relationships.related[1]"``)."""
    positions: dict[str, tuple[int, int]] = {}
    renamed = dict((path[0], name) for name, path in mapping.plain if len(path) == 1) if mapping else {}
    for key, value in node.value:
        if not isinstance(key, _Scalar):
            continue
        name = renamed.get(key.value, key.value)
        if name in RELATIONS and key.value in renamed:
            continue  # placed below, after the relationships mapping's own entries
        _place(positions, name, key, value)
        if name == "relationships" and isinstance(value, _Mapping):
            _relationship_positions(positions, value)
    if mapping is not None:
        _mapped_positions(positions, node, mapping)
    return positions


def _mapped_positions(positions: dict, node: yaml.MappingNode, mapping: FieldMap) -> None:
    for name, path in mapping.plain:
        found = _node_at(node, path)
        if found is None:
            continue
        key, value = found
        if name in RELATIONS:
            base = f"relationships.{name}"
            start = sum(1 for item in positions if item.startswith(base + "["))
            positions.setdefault(base, (key.start_mark.line + 1, key.start_mark.column + 1))
            items = value.value if isinstance(value, _Sequence) else [value]
            for index, item in enumerate(items, start=start):
                positions[f"{base}[{index}]"] = (item.start_mark.line + 1, item.start_mark.column + 1)
        elif len(path) > 1:
            _place(positions, name, key, value)


def _place(positions: dict, name: str, key: yaml.Node, value: yaml.Node) -> None:
    positions[name] = (key.start_mark.line + 1, key.start_mark.column + 1)
    if isinstance(value, _Sequence):
        _item_positions(positions, name, value.value)


def _node_at(node: yaml.Node, path: tuple[str, ...]) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes at `path` below a mapping node (the last of repeated keys)."""
    found = None
    for part in path:
        if not isinstance(node, _Mapping):
            return None
        pairs = [(k, v) for k, v in node.value if isinstance(k, _Scalar) and k.value == part]
        if not pairs:
            return None
        found = pairs[-1]
        node = found[1]
    return found


def _relationship_positions(positions: dict, node: yaml.MappingNode) -> None:
    for key, value in node.value:
        path = f"relationships.{key.value}"
        mark = key.start_mark
        positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(value, _Sequence):
            _item_positions(positions, path, value.value)
        else:
            mark = value.start_mark
            positions[f"{path}[0]"] = (mark.line + 1, mark.column + 1)


def _item_positions(positions: dict, path: str, items: list[yaml.Node]) -> None:
    for index, item in enumerate(items):
        mark = item.start_mark
        positions[f"{path}[{index}]"] = (mark.line + 1, mark.column + 1)


def compile_fields(fields: dict[str, Any]) -> FieldMap:
    """Check a `fields` setting and compile it (the same setting is compiled once).

    >>> compile_fields({"term": "en.term", "labels": "*.term"}).patterns
    (('labels', ('term',)),)
    >>> compile_fields({"title": "name"})
    Traceback (most recent call last):
    ...
    graph.sources.yaml_fields.FieldMapError: fields: unknown field 'title' (known: ...)
    """
    try:
        return _compile(tuple(fields.items()))  # in the order written, for the messages
    except TypeError:  # unhashable values: checked (and refused) without the memo
        return _compile.__wrapped__(tuple(fields.items()))


@lru_cache(maxsize=32)
def _compile(items: tuple[tuple[str, Any], ...]) -> FieldMap:
    plain: list[tuple[str, tuple[str, ...]]] = []
    patterns: list[tuple[str, tuple[str, ...]]] = []
    readers: dict[tuple[str, ...], str] = {}
    for name, written in items:
        if name not in FIELDS:
            raise FieldMapError(f"fields: unknown field {name!r} (known: {', '.join(FIELDS)})")
        if not isinstance(written, str):
            raise FieldMapError(f"fields.{name} should be text (a key or a dotted path such as "
                                f"'en.term'), not {type(written).__name__}")
        parts = tuple(written.split("."))
        if not all(parts) or any("*" in part for part in parts[1:]) or parts == ("*",) \
                or ("*" in parts[0] and parts[0] != "*"):
            raise FieldMapError(f"fields.{name} = {written!r} is neither a key, a dotted path "
                                f"('en.term') nor a per-language pattern ('*.term')")
        if parts[0] == "*":
            if name not in LANGUAGE_MAPS:
                raise FieldMapError(f"fields.{name} = {written!r}: a per-language pattern ('*.key') "
                                    f"fills a language map only ({', '.join(LANGUAGE_MAPS)})")
            patterns.append((name, parts[1:]))
            continue
        if parts in readers:
            raise FieldMapError(f"fields.{name} reads {written!r}, which fields.{readers[parts]} "
                                f"reads already")
        readers[parts] = name
        plain.append((name, parts))
    return FieldMap(tuple(plain), tuple(patterns))
