"""Fast "is B above A?" queries on the broader hierarchy, for GG205 and GG206.

The hierarchy (child -> parent) is condensed into a DAG of strongly connected
components, each with its level (longest path down from a top concept).
Going up strictly lowers the level, so a search from A for B only visits
components whose level lies between the two: related pairs and extra
parents are checked without walking the whole graph, and without recursion.

When the hierarchy is shallow (the usual case: every component has at most a
few dozen ancestors), the set of ancestors of every component is built once,
parents first, and each question is one set lookup. A deep or very tangled
hierarchy would make those sets quadratic in size; past a budget they are
dropped and the level-bounded search answers instead.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Link
    from .registry import CheckContext

__all__ = ["Reachability", "PlainHierarchy", "ANCESTOR_BUDGET"]

#: Ancestor sets are kept while they hold at most this many entries per component on average.
ANCESTOR_BUDGET = 64


class Reachability:
    """Upward reachability in a child -> parent DiGraph (cycles allowed).

    Examples
    --------
    >>> h = nx.DiGraph([("c", "b"), ("b", "a"), ("d", "a")])
    >>> r = Reachability(h)
    >>> r.is_above("a", "c"), r.is_above("c", "a"), r.is_above("d", "c")
    (True, False, False)
    >>> r.path_up("c", "a")
    ['c', 'b', 'a']
    """

    def __init__(self, hierarchy: nx.DiGraph, components: list[set] | None = None) -> None:
        self.hierarchy = hierarchy
        succ = hierarchy._succ  # node -> {parent: data}, read without copying
        if components is None:
            components = list(nx.strongly_connected_components(hierarchy))
        if len(components) == len(hierarchy) and not nx.number_of_selfloops(hierarchy):
            # no cycle: the hierarchy is its own condensation
            self.component: dict = {node: node for node in hierarchy}
            self.up: dict = succ
        else:  # the condensation as plain dicts: component number -> parent component numbers
            self.component = {node: i for i, members in enumerate(components) for node in members}
            mapping = self.component
            self.up = {}
            for i, members in enumerate(components):
                parents = {mapping[p] for node in members for p in succ[node]}
                parents.discard(i)
                self.up[i] = parents
        self.level, order = self._levels()
        self.ancestors = self._ancestor_sets(order, ANCESTOR_BUDGET * max(1, len(self.up)))

    def _ancestor_sets(self, order: list, budget: int) -> dict | None:
        """Per component, every component above it; None when they would exceed `budget` entries."""
        up, ancestors = self.up, {}
        total = 0
        for node in order:  # parents come before their children
            above = set(up[node])
            for parent in up[node]:
                above |= ancestors[parent]
            ancestors[node] = above
            total += len(above)
            if total > budget:
                return None
        return ancestors

    def _levels(self) -> tuple[dict, list]:
        """Per component, the longest path up to a top one, and the components parents first."""
        up = self.up
        children: dict = {node: [] for node in up}
        waiting: dict = {}
        for node, parents in up.items():
            waiting[node] = len(parents)
            for parent in parents:
                children[parent].append(node)
        level: dict = {}
        order: list = []
        ready = [node for node, count in waiting.items() if not count]
        while ready:
            node = ready.pop()
            order.append(node)
            parents = up[node]
            level[node] = 1 + max(level[p] for p in parents) if parents else 0
            for child in children[node]:
                waiting[child] -= 1
                if not waiting[child]:
                    ready.append(child)
        return level, order

    def is_above(self, upper: str, lower: str) -> bool:
        """Whether `upper` is reachable from `lower` following broader links."""
        start, goal = self.component[lower], self.component[upper]
        if start == goal:
            return True
        if self.ancestors is not None:
            return goal in self.ancestors[start]
        return self._search_up(start, goal)

    def _search_up(self, start: Any, goal: Any) -> bool:
        """Breadth-first up from `start`, never below `goal`'s level."""
        level, up = self.level, self.up
        floor = level[goal]
        if level[start] <= floor:
            return False
        queue = deque(up[start])
        seen = set(queue)
        while queue:
            node = queue.popleft()
            if node == goal:
                return True
            for parent in up[node]:
                if parent not in seen and level[parent] >= floor:
                    seen.add(parent)
                    queue.append(parent)
        return False

    def path_up(self, lower: str, upper: str) -> list[str]:
        """One shortest chain of broader links from `lower` up to `upper`."""
        return nx.shortest_path(self.hierarchy, lower, upper)

    def indirect_path(self, lower: str, upper: str) -> list[str] | None:
        """The shortest chain lower -> ... -> upper of at least two links, if any."""
        best: list[str] | None = None
        for parent in self.hierarchy.successors(lower):
            if parent == upper or not self.is_above(upper, parent):
                continue
            path = [lower, *nx.shortest_path(self.hierarchy, parent, upper)]
            if best is None or len(path) < len(best):
                best = path
        return best


class PlainHierarchy:
    """GG204-GG206's questions, answered on the networkx hierarchy of a check."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx

    def cycles(self) -> list[tuple[set[str], dict[str, list[str]]]]:
        """Each cycle's members (two or more terms) and the hierarchy among them (`parents_of`)."""
        from ..views.links import parents_of

        cycles = [members for members in self.ctx.cycles if len(members) > 1]
        cycle_of = {node: i for i, members in enumerate(cycles) for node in members}
        among: list[list[Link]] = [[] for _ in cycles]
        for link in self.ctx.glossary.links:
            here = cycle_of.get(link.source)
            if here is not None and here == cycle_of.get(link.target):
                among[here].append(link)
        order = {node: i for i, node in enumerate(self.ctx.glossary.terms)} if cycles else {}
        return [(members, parents_of(sorted(members, key=order.__getitem__), links))
                for members, links in zip(cycles, among)]

    def clashes(self) -> list[tuple[Link, list[str]]]:
        """(related link, chain up from the lower term) for related terms also linked by broader.

        The first `related` link of each (source, target) pair, in link
        order; the chain goes up from the source when the target is above it.
        """
        seen: set[tuple[str, str]] = set()
        reach = self.ctx.reach
        component, level = reach.component, reach.level
        found = []
        for link in self.ctx.glossary.links:
            pair = (link.source, link.target)
            if link.relation != "related" or link.source == link.target or pair in seen:
                continue
            seen.add(pair)
            here, there = component[link.source], component[link.target]
            if here != there and level[here] == level[there]:
                continue  # neither is above the other: going up strictly lowers the level
            for lower, upper in ((link.source, link.target), (link.target, link.source)):
                if reach.is_above(upper, lower):
                    found.append((link, reach.path_up(lower, upper)))
                    break
        return found

    def redundant(self) -> list[tuple[str, str, list[str]]]:
        """(child, parent, longer chain) for each broader link a longer chain implies."""
        hierarchy, reach = self.ctx.hierarchy, self.ctx.reach
        found = []
        for child in hierarchy:
            parents = list(hierarchy.successors(child))
            if len(parents) < 2:
                continue
            for parent in parents:
                if reach.component[parent] == reach.component[child]:
                    continue  # a cycle, reported by GG204
                if any(other != parent and reach.is_above(parent, other) for other in parents):
                    found.append((child, parent, reach.indirect_path(child, parent) or []))
        return found
