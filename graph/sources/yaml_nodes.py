"""Turn composed PyYAML nodes into Python data in one pass, safely and quickly.

PyYAML's constructor walks the node tree with generators and per-node
dispatch; glossary files are mostly plain mappings, lists and strings, so
this module builds those directly and hands every other tag (int, bool,
null, timestamps, sets, and any unknown tag, which the safe constructor
refuses) to the safe constructor. In the same walk it reports duplicate
mapping keys and stops at excessive nesting. A merge key (``<<``) sends its
mapping to the safe constructor, which knows how to merge.

`FastSafeLoader` is PyYAML's C loader with a quicker implicit-tag resolver:
a plain scalar whose first character starts no implicit tag (digits, signs,
dots, ``~``, booleans' and nulls' letters, ...) is a string, decided without
running the resolver's regular expressions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

__all__ = ["FastSafeLoader", "TooDeep", "construct", "STR_TAG"]

STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastSafeLoader(_Base):  # type: ignore[misc, valid-type]
    """The C safe loader with a fast path for plain scalars that can only be strings."""

    _first_chars = frozenset(
        char for char in yaml.SafeLoader.yaml_implicit_resolvers if char is not None
    )

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in self._first_chars:
            return STR_TAG
        return super().resolve(kind, value, implicit)


class TooDeep(Exception):
    """Nesting went past the limit; carries the node where it happened."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__("nesting too deep")
        self.node = node


def construct(
    root: yaml.Node,
    constructor: Any,
    max_depth: int,
    duplicate: Callable[[yaml.ScalarNode, int], None],
) -> Any:
    """Build the Python value of `root`.

    Parameters
    ----------
    root : yaml.Node
        A composed document.
    constructor : PyYAML loader instance
        Used for every tag other than plain str, map and seq.
    max_depth : int
        Raise `TooDeep` below this many levels.
    duplicate : callable
        Called as ``duplicate(key_node, first_line)`` for each repeated key.

    Examples
    --------
    >>> loader = FastSafeLoader("a: [1, x, {b: null}]\\na: 2\\n")
    >>> seen = []
    >>> construct(loader.get_single_node(), loader, 10, lambda key, first: seen.append(first))
    {'a': 2}
    >>> seen
    [1]
    """
    return _Builder(constructor, max_depth, duplicate).build(root, 1)


class _Builder:
    """The walk behind `construct`: one memo per document, so anchors are built once."""

    def __init__(self, constructor: Any, max_depth: int,
                 duplicate: Callable[[yaml.ScalarNode, int], None]) -> None:
        self.constructor = constructor
        self.max_depth = max_depth
        self.duplicate = duplicate
        self.memo: dict[int, Any] = {}

    def build(self, node: yaml.Node, depth: int) -> Any:
        if depth > self.max_depth:
            raise TooDeep(node)
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == STR_TAG else self.constructor.construct_object(node)
        known = self.memo.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            value: list[Any] = []
            self.memo[id(node)] = value
            value.extend(self.build(item, depth + 1) for item in node.value)
            return value
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            return self.build_mapping(node, depth)
        return self.constructor.construct_object(node, deep=True)

    def build_mapping(self, node: yaml.MappingNode, depth: int) -> Any:
        self.report_duplicates(node)
        if any(key.tag == _MERGE_TAG for key, _ in node.value):
            return self.constructor.construct_object(node, deep=True)
        value: dict[Any, Any] = {}
        self.memo[id(node)] = value
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "found unhashable key", key_node.start_mark) from None
            value[key] = self.build(value_node, depth + 1)
        return value

    def report_duplicates(self, node: yaml.MappingNode) -> None:
        first_line: dict[str, int] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE_TAG:
                continue
            if key.value in first_line:
                self.duplicate(key, first_line[key.value])
            else:
                first_line[key.value] = key.start_mark.line + 1
