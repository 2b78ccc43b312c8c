"""Fast "is B above A?" queries on the broader hierarchy, for GG205 and GG206.

The hierarchy (child -> parent) is condensed into a DAG of strongly connected
components, each with its level (longest path down from a top concept).
Going up strictly lowers the level, so a search from A for B only visits
components whose level lies between the two: related pairs and extra
parents are checked without walking the whole graph, and without recursion.
"""

from __future__ import annotations

from collections import deque

import networkx as nx

__all__ = ["Reachability"]


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

    def __init__(self, hierarchy: nx.DiGraph) -> None:
        self.hierarchy = hierarchy
        succ = hierarchy._succ  # node -> {parent: data}, read without copying
        components = list(nx.strongly_connected_components(hierarchy))
        if len(components) == len(hierarchy):  # no cycle: the hierarchy is its own condensation
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
        self.level = self._levels()

    def _levels(self) -> dict:
        """Per component, the longest path up to a top one (Kahn's order, parents first)."""
        up = self.up
        children: dict = {node: [] for node in up}
        waiting: dict = {}
        for node, parents in up.items():
            waiting[node] = len(parents)
            for parent in parents:
                children[parent].append(node)
        level: dict = {}
        ready = [node for node, count in waiting.items() if not count]
        while ready:
            node = ready.pop()
            parents = up[node]
            level[node] = 1 + max(level[p] for p in parents) if parents else 0
            for child in children[node]:
                waiting[child] -= 1
                if not waiting[child]:
                    ready.append(child)
        return level

    def is_above(self, upper: str, lower: str) -> bool:
        """Whether `upper` is reachable from `lower` following broader links."""
        start, goal = self.component[lower], self.component[upper]
        if start == goal:
            return True
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
