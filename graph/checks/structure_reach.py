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
        components = list(nx.strongly_connected_components(hierarchy))
        if len(components) == len(hierarchy):  # no cycle: the hierarchy is its own condensation
            self.dag: nx.DiGraph = hierarchy
            self.component: dict = {node: node for node in hierarchy}
        else:
            self.dag = nx.condensation(hierarchy, components)
            self.component = self.dag.graph["mapping"]
        self.level = self._levels()

    def _levels(self) -> dict:
        level: dict = {}
        for node in reversed(list(nx.topological_sort(self.dag))):  # parents first
            parents = [level[p] for p in self.dag.successors(node)]
            level[node] = 1 + max(parents) if parents else 0
        return level

    def is_above(self, upper: str, lower: str) -> bool:
        """Whether `upper` is reachable from `lower` following broader links."""
        start, goal = self.component[lower], self.component[upper]
        if start == goal:
            return True
        floor = self.level[goal]
        if self.level[start] <= floor:
            return False
        queue = deque(self.dag.successors(start))
        seen = set(queue)
        while queue:
            node = queue.popleft()
            if node == goal:
                return True
            for parent in self.dag.successors(node):
                if parent not in seen and self.level[parent] >= floor:
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
