"""A fast, deterministic layout of a glossary: radial trees of the broader hierarchy.

Each tree of the broader hierarchy (a top concept and everything under it)
is drawn as concentric rings around its root, each subtree in a wedge
proportional to its number of leaves; the trees are then packed in rows,
biggest first. Related links are drawn on top and do not move anything.
Terms in cycles with no top concept are rooted at their first id. The whole
layout is O(n log n): about 0.1 s for 10,000 terms, where force-directed
layouts in Python take minutes (see docs/html.md).

Positions are whole numbers, so the same glossary always gives the same
layout, byte for byte.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .model import Glossary

__all__ = ["GAP", "forest_layout", "hierarchy_edges", "hierarchy_layout"]

#: The distance kept between two neighbouring nodes, in vis-network units.
GAP = 60.0

Point = tuple[int, int]


def hierarchy_edges(glossary: Glossary) -> list[tuple[str, str]]:
    """The (child id, parent id) pairs of the broader hierarchy, sorted and without repeats.

    A declared `broader` goes from the term to its target; a declared
    `narrower` goes the other way.

    >>> from graph.model import Glossary, Reference, Term
    >>> g = Glossary([Term("a", references=[Reference("b", "narrower", 0)]),
    ...               Term("b", references=[Reference("a", "broader", 0)])])
    >>> hierarchy_edges(g)
    [('b', 'a')]
    """
    pairs = set()
    for link in glossary.links:
        if link.source == link.target:
            continue
        if link.relation == "broader":
            pairs.add((link.source, link.target))
        elif link.relation == "narrower":
            pairs.add((link.target, link.source))
    return sorted(pairs)


def hierarchy_layout(glossary: Glossary) -> dict[str, Point]:
    """Positions of every term of `glossary`: radial trees of the broader hierarchy.

    >>> from graph.model import Glossary, Reference, Term
    >>> g = Glossary([Term("a", references=[Reference("b", "broader", 0)]), Term("b"), Term("c")])
    >>> layout = hierarchy_layout(g)
    >>> sorted(layout) == ["a", "b", "c"], layout == hierarchy_layout(g)
    (True, True)
    """
    return forest_layout(list(glossary.terms), hierarchy_edges(glossary))


def forest_layout(nodes: Iterable[str], parent_edges: Iterable[tuple[str, str]],
                  gap: float = GAP) -> dict[str, Point]:
    """Lay out `nodes` as radial trees along (child, parent) edges, packed in rows.

    The order of `nodes` decides ties (roots, siblings), so pass them in a
    stable order. Every node gets a position, cycles included.

    >>> forest_layout(["r", "x", "y"], [("x", "r"), ("y", "r")])
    {'r': (0, 0), 'x': (0, 60), 'y': (0, -60)}
    """
    order = {node: i for i, node in enumerate(dict.fromkeys(nodes))}
    children, has_parent = _children(order, parent_edges)
    trees = _spanning_trees(order, children, has_parent)
    placed = [_radial(tree, gap) for tree in trees]
    return _pack(placed, gap)


def _children(order: dict[str, int], parent_edges: Iterable[tuple[str, str]]):
    children: dict[str, list[str]] = defaultdict(list)
    has_parent: set[str] = set()
    for child, parent in parent_edges:
        if child in order and parent in order and child != parent:
            children[parent].append(child)
            has_parent.add(child)
    for kids in children.values():
        kids.sort(key=order.__getitem__)
    return children, has_parent


def _spanning_trees(order, children, has_parent) -> list[list[tuple[str, str | None, int]]]:
    """Breadth-first trees: each a list of (node, parent, depth), root first.

    Roots are the nodes without a parent; nodes left over (cycles) root new trees.
    """
    seen: set[str] = set()
    trees = []
    roots = [n for n in order if n not in has_parent] + [n for n in order if n in has_parent]
    for root in roots:
        if root in seen:
            continue
        seen.add(root)
        tree = [(root, None, 0)]
        i = 0
        while i < len(tree):
            node, _, depth = tree[i]
            i += 1
            for kid in children.get(node, ()):
                if kid not in seen:
                    seen.add(kid)
                    tree.append((kid, node, depth + 1))
        trees.append(tree)
    return trees


def _radial(tree: list[tuple[str, str | None, int]], gap: float):
    """Polar placement of one tree: returns (radius, {node: (x, y)}) centred on the root."""
    leaves: dict[str, int] = defaultdict(int)
    kids: dict[str, list[str]] = defaultdict(list)
    per_depth: dict[int, int] = defaultdict(int)
    for node, parent, depth in tree:
        per_depth[depth] += 1
        if parent is not None:
            kids[parent].append(node)
    for node, parent, _ in reversed(tree):
        leaves[node] = max(leaves[node], 1)
        if parent is not None:
            leaves[parent] += leaves[node]
    ring = max([gap] + [count * gap / (2 * math.pi * d) for d, count in per_depth.items() if d])
    start: dict[str, float] = {tree[0][0]: 0.0}
    points: dict[str, tuple[float, float]] = {}
    for node, _, depth in tree:
        share = 2 * math.pi / leaves[tree[0][0]]
        middle = start[node] + share * leaves[node] / 2
        points[node] = (depth * ring * math.cos(middle), depth * ring * math.sin(middle))
        offset = start[node]
        for kid in kids[node]:
            start[kid] = offset
            offset += share * leaves[kid]
    points[tree[0][0]] = (0.0, 0.0)
    return max(per_depth) * ring + gap / 2, points


def _pack(placed: list[tuple[float, dict]], gap: float) -> dict[str, Point]:
    """Shelf-pack the trees in rows (biggest first), centred on the origin."""
    ranked = sorted(range(len(placed)), key=lambda i: (-placed[i][0], i))
    width = math.sqrt(sum((2 * r) ** 2 for r, _ in placed)) * 1.2
    x = y = row_height = 0.0
    centres: list[tuple[int, float, float]] = []
    for i in ranked:
        diameter = 2 * placed[i][0]
        if x > 0 and x + diameter > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        centres.append((i, x + diameter / 2, y + diameter / 2))
        x += diameter
        row_height = max(row_height, diameter)
    if len(placed) == 1:
        centres = [(0, 0.0, 0.0)]
    shift_x = width / 2 if len(placed) > 1 else 0.0
    shift_y = (y + row_height) / 2 if len(placed) > 1 else 0.0
    layout: dict[str, Point] = {}
    for i, cx, cy in centres:
        for node, (px, py) in placed[i][1].items():
            layout[node] = (round(cx + px - shift_x), round(cy + py - shift_y))
    return layout
