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
running the resolver's regular expressions, and so is one that starts with a
letter of ``yes``/``no``/``true``/``false``/``on``/``off``/``null`` but is
longer than all of them (``narrower``, ``term``); a quoted scalar, a list
and a mapping get their default tags directly. Without path resolvers
(PyYAML's experimental ``add_path_resolver``) the composer's per-node
resolver bookkeeping is skipped as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

__all__ = ["FastSafeLoader", "TooDeep", "TooExpanded", "construct", "check_expansion", "may_alias",
           "STR_TAG", "WORD_MAX"]

STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_Scalar = yaml.ScalarNode
_Sequence = yaml.SequenceNode
_Mapping = yaml.MappingNode

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WORD_TAGS = frozenset(("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"))
#: Longer than every word of `_WORD_TAGS` ("false"), even with the newline a regex's ``$`` allows.
WORD_MAX = 6


def _no_path_resolvers(*_: Any) -> None:
    """Stands in for `descend_resolver` and `ascend_resolver`, which do nothing then."""


class FastSafeLoader(_Base):  # type: ignore[misc, valid-type]
    """The C safe loader with fast paths for tags that need no regular expression."""

    _first_chars = frozenset(
        char for char in yaml.SafeLoader.yaml_implicit_resolvers if char is not None
    )
    #: First characters whose implicit resolvers are only booleans and nulls: short words.
    _word_chars = frozenset(
        char for char, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        if char and all(tag in _WORD_TAGS for tag, _ in resolvers)
    )

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._pathless = not self.yaml_path_resolvers
        if self._pathless:  # the composer calls both around every node
            self.descend_resolver = self.ascend_resolver = _no_path_resolvers

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is _Scalar:
            if implicit[0]:
                if value and (value[0] not in self._first_chars
                              or (len(value) > WORD_MAX and value[0] in self._word_chars)):
                    return STR_TAG
            elif self._pathless:  # quoted, or plain with a "!" tag: implicit resolvers never apply
                return STR_TAG
        elif self._pathless:
            return _MAP_TAG if kind is _Mapping else _SEQ_TAG
        return super().resolve(kind, value, implicit)


class TooDeep(Exception):
    """Nesting went past the limit; carries the node where it happened."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__("nesting too deep")
        self.node = node


class TooExpanded(Exception):
    """Aliases expand the document past the budget; carries a message for the finding."""


#: An alias (``*name``) and an anchor (``&name``) where a node starts; a text without both
#: has no alias, and its nodes form a tree (`check_expansion` is not needed).
_ALIAS = re.compile(r"(?:^|[\s\[{,?:-])\*[^\s\[\]{},]")
_ANCHOR = re.compile(r"(?:^|[\s\[{,?:-])&[^\s\[\]{},]")


def may_alias(text: str) -> bool:
    """Whether `text` may hold a YAML alias (false positives only cost a check).

    >>> may_alias("a: &x [1]\\nb: *x\\n"), may_alias("short_def: R&D is *bold*")
    (True, False)
    """
    return "*" in text and "&" in text and bool(_ALIAS.search(text)) and bool(_ANCHOR.search(text))


def check_expansion(root: yaml.Node, text_size: int, max_depth: int, node_budget: int,
                    char_budget: int) -> None:
    """Raise when aliases make the document too big or too deep once expanded.

    Each node is visited once (sizes of shared nodes are memoised), so the
    check is linear in the composed document however much it would expand.
    The expanded document may hold `node_budget` nodes and `char_budget`
    characters of scalars more than the file itself, and nest `max_depth`
    levels; a recursive alias (a node inside itself) is refused too.

    Raises
    ------
    TooExpanded
        Past a budget, or on a recursive alias.
    TooDeep
        When the expanded nesting is deeper than `max_depth`.
    """
    sizes: dict[int, tuple[int, int, int]] = {}  # id -> (nodes, characters, depth)
    unique_nodes = 0
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if not done:
            if key in sizes:
                continue
            if key in visiting:
                raise TooExpanded("a recursive alias (a node inside itself)")
            visiting.add(key)
            unique_nodes += 1
            stack.append((node, True))
            for child in children:
                if id(child) in visiting:
                    raise TooExpanded("a recursive alias (a node inside itself)")
                if id(child) not in sizes:
                    stack.append((child, False))
            continue
        visiting.discard(key)
        parts = [sizes[id(child)] for child in children]
        nodes = 1 + sum(part[0] for part in parts)
        chars = (len(node.value) if isinstance(node, _Scalar) else 0) + sum(part[1] for part in parts)
        depth = 1 + max((part[2] for part in parts), default=0)
        if depth > max_depth:
            raise TooDeep(node)
        if nodes > unique_nodes + node_budget or chars > text_size + char_budget:
            raise TooExpanded(f"aliases expand it past the budget ({node_budget:,} nodes or "
                              f"{char_budget:,} characters more than written)")
        sizes[key] = (nodes, chars, depth)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, _Sequence):
        return node.value
    if isinstance(node, _Mapping):
        return [part for pair in node.value for part in pair]
    return []


def construct(
    root: yaml.Node,
    constructor: Any,
    max_depth: int,
    duplicate: Callable[[yaml.ScalarNode, int], None],
    invalid: Callable[[yaml.Node, str], None] | None = None,
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
    invalid : callable, optional
        Called as ``invalid(node, message)`` for a scalar whose implicit type
        cannot hold it (``2025-02-30`` is no date), which is then read as
        text, and for a key that is not text (``1: a``), read as written.
        Without it, such a scalar raises ValueError.

    Examples
    --------
    >>> loader = FastSafeLoader("a: [1, x, {b: null}]\\na: 2\\n")
    >>> seen = []
    >>> construct(loader.get_single_node(), loader, 10, lambda key, first: seen.append(first))
    {'a': 2}
    >>> seen
    [1]
    """
    return _Builder(constructor, max_depth, duplicate, invalid).build(root, 1)


class _Builder:
    """The walk behind `construct`: one memo per document, so anchors are built once.

    Collections take the value of a plain string scalar directly (most nodes of
    a glossary file), unless the next level would be too deep: `build` raises there.
    """

    def __init__(self, constructor: Any, max_depth: int,
                 duplicate: Callable[[yaml.ScalarNode, int], None],
                 invalid: Callable[[yaml.Node, str], None] | None = None) -> None:
        self.constructor = constructor
        self.max_depth = max_depth
        self.duplicate = duplicate
        self.invalid = invalid
        self.memo: dict[int, Any] = {}

    def build(self, node: yaml.Node, depth: int) -> Any:
        if depth > self.max_depth:
            raise TooDeep(node)
        if isinstance(node, _Scalar):
            return node.value if node.tag == STR_TAG else self.scalar(node)
        known = self.memo.get(id(node))
        if known is not None:
            return known
        if isinstance(node, _Sequence) and node.tag == _SEQ_TAG:
            return self.build_sequence(node, depth)
        if isinstance(node, _Mapping) and node.tag == _MAP_TAG:
            return self.build_mapping(node, depth)
        return self.constructor.construct_object(node, deep=True)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """A tagged scalar; one its type cannot hold (a date past the month's end) is its text."""
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError) as exc:
            if self.invalid is None:
                raise
            self.constructor.recursive_objects.pop(node, None)  # left there by the failure
            kind = {"timestamp": "date or time"}.get(node.tag.rsplit(":", 1)[-1], node.tag)
            self.invalid(node, f"{node.value!r} is not a valid {kind} ({exc}); read as text")
            return node.value

    def build_sequence(self, node: yaml.SequenceNode, depth: int) -> list[Any]:
        value: list[Any] = []
        self.memo[id(node)] = value
        inline = depth < self.max_depth
        for item in node.value:
            if inline and type(item) is _Scalar and item.tag == STR_TAG:
                value.append(item.value)
            else:
                value.append(self.build(item, depth + 1))
        return value

    def build_mapping(self, node: yaml.MappingNode, depth: int) -> Any:
        if self.scan_keys(node):
            return self.constructor.construct_object(node, deep=True)
        value: dict[Any, Any] = {}
        self.memo[id(node)] = value
        inline = depth < self.max_depth
        for key_node, value_node in node.value:
            if inline and type(key_node) is _Scalar and key_node.tag == STR_TAG:
                key = key_node.value
            else:
                key = self.build(key_node, depth + 1)
                self.check_hashable(key, node, key_node)
                if not isinstance(key, str) and type(key_node) is _Scalar and self.invalid:
                    self.invalid(key_node, f"the key {key_node.value!r} is not text; read as "
                                           f"'{key_node.value}'")
                    key = key_node.value
            if inline and type(value_node) is _Scalar and value_node.tag == STR_TAG:
                value[key] = value_node.value
            else:
                value[key] = self.build(value_node, depth + 1)
        return value

    def check_hashable(self, key: Any, node: yaml.MappingNode, key_node: yaml.Node) -> None:
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                "found unhashable key", key_node.start_mark) from None

    def scan_keys(self, node: yaml.MappingNode) -> bool:
        """Report each repeated scalar key; whether a merge key (``<<``) is present."""
        first: dict[str, yaml.ScalarNode] = {}
        merge = False
        for key, _ in node.value:
            if key.tag == _MERGE_TAG:
                merge = True
            elif isinstance(key, _Scalar):
                if key.value in first:
                    self.duplicate(key, first[key.value].start_mark.line + 1)
                else:
                    first[key.value] = key
        return merge
