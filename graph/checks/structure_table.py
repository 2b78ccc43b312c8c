"""The hierarchy questions of GG204-GG206, answered on the link table (numpy).

`graph.checks.structure_reach.PlainHierarchy` answers them on the networkx
hierarchy: building it, its strongly connected components, the levels and
the ancestor sets took 4 s of a 100k-term check. `TableHierarchy` answers
the same from `graph.views.link_table.LinkTable` with array operations:

- the hierarchy's edges (child -> parent, a `narrower` link read backwards)
  are sorted into the networkx view's order of parents;
- terms with no parent or no child in what is left are trimmed round by
  round; what survives is what lies on or between cycles, and the strongly
  connected components of that (usually tiny) remainder are found as
  networkx would (`graph.views.digraph`, without importing networkx);
- each component's level (longest path down from a top one) comes from
  rounds over the condensed edges, and "is B above A" is answered for all
  pairs at once by stepping every pair up one level per round;
- chains are found by the same bidirectional search as
  `networkx.shortest_path`, over the same neighbour order, so messages show
  the same chain.

Every answer equals `PlainHierarchy`'s (tests compare them on random
glossaries and on real ones). A hierarchy so deep that the rounds do not
settle in `MAX_ROUNDS` gets None from `TableHierarchy.build`, and the plain
one answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..views.link_table import MAX_ROUNDS, find_sorted

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Link
    from ..views.link_table import LinkTable

__all__ = ["TableHierarchy", "MAX_ROUNDS"]

BROADER, NARROWER, RELATED = 0, 1, 2


class TableHierarchy:
    """GG204-GG206's questions on a `LinkTable`; build with `TableHierarchy.build`.

    Examples
    --------
    >>> from graph.model import Glossary, Reference, Term
    >>> from graph.views.link_table import LinkTable
    >>> def t(name, *refs):
    ...     return Term(name, references=[Reference(x, r, i) for i, (x, r) in enumerate(refs)])
    >>> g = Glossary([t("a", ("b", "broader"), ("c", "related")), t("b", ("c", "broader")),
    ...               t("c", ("b", "broader"))])
    >>> h = TableHierarchy.build(LinkTable(g))
    >>> [(sorted(members), parents) for members, parents in h.cycles()]
    [(['b', 'c'], {'b': ['c'], 'c': ['b']})]
    >>> [(link.source, link.target, chain) for link, chain in h.clashes()]
    [('a', 'c', ['a', 'b', 'c'])]
    """

    def __init__(self, table: LinkTable) -> None:
        self.table = table
        self.np = table.np

    @classmethod
    def build(cls, table: LinkTable) -> TableHierarchy | None:
        """The index, or None when the hierarchy is too deep for the rounds to settle."""
        found = cls(table)
        return found if found._index() else None

    # -- building -------------------------------------------------------------------------

    def _index(self) -> bool:
        np, table = self.np, self.table
        size = len(table.ids)
        broader, narrower = table.relation == BROADER, table.relation == NARROWER
        child = np.concatenate([table.source[broader], table.target[narrower]])
        parent = np.concatenate([table.target[broader], table.source[narrower]])
        edges = np.unique(child * size + parent)
        child, parent = edges // size, edges % size
        order = np.lexsort((self._view_rank(child, parent), child))  # the view's order of parents
        self.up = _Adjacency(np, size, child[order], parent[order])
        self.down = _Adjacency(np, size, parent, child)  # children by term number, as the view's pred
        proper = child != parent
        self.child, self.parent = child[proper], parent[proper]
        return self._components() and self._levels()

    def _view_rank(self, child: Any, parent: Any) -> Any:
        """Per edge, where the view puts the parent: by u's first link to it, else its first to u."""
        np, table = self.np, self.table
        size, count = len(table.ids), len(table.source)
        pairs, first = np.unique(table.source * size + table.target, return_index=True)

        def first_link(keys: Any) -> Any:
            at = find_sorted(np, pairs, keys)
            return np.where(at >= 0, first[at], -1)

        out = first_link(child * size + parent)
        return np.where(out >= 0, out, count + first_link(parent * size + child))

    def _components(self) -> bool:
        """Component number per term: its own, or the lowest member's for a cycle."""
        np = self.np
        size = len(self.table.ids)
        child, parent = self.child, self.parent
        alive = np.ones(size, bool)
        for _ in range(MAX_ROUNDS):  # trim terms with no parent or no child among the living
            live = alive[child] & alive[parent]
            has_parent, has_child = np.zeros(size, bool), np.zeros(size, bool)
            has_parent[child[live]] = True
            has_child[parent[live]] = True
            trimmed = alive & has_parent & has_child
            if np.array_equal(trimmed, alive):
                break
            alive = trimmed
        else:
            return False
        self.component = np.arange(size)
        self.cycle_members: list[Any] = []
        if alive.any():
            from ..views.digraph import strongly_connected_components

            live = alive[child] & alive[parent]
            rest: dict[int, dict[int, None]] = {}  # networkx's DiGraph of these edges, as dicts
            for u, v in zip(child[live].tolist(), parent[live].tolist()):
                rest.setdefault(u, {})
                rest.setdefault(v, {})
                rest[u][v] = None
            for members in strongly_connected_components(rest):
                if len(members) > 1:
                    numbers = np.sort(np.fromiter(members, np.int64, len(members)))
                    self.component[numbers] = numbers[0]
                    self.cycle_members.append(numbers)
        return True

    def _levels(self) -> bool:
        """Per component, the longest path up to a top one; condensed edges as `self.above_of`."""
        np = self.np
        size = len(self.table.ids)
        lower, upper = self.component[self.child], self.component[self.parent]
        keys = np.unique((lower * size + upper)[lower != upper])
        lower, upper = keys // size, keys % size
        level = np.zeros(size, np.int64)
        for _ in range(MAX_ROUNDS):
            raised = np.zeros(size, np.int64)
            np.maximum.at(raised, lower, level[upper] + 1)
            if np.array_equal(raised, level):
                break
            level = raised
        else:
            return False
        self.level = level
        self.above_of = _Adjacency(np, size, lower, upper)
        return True

    # -- questions ------------------------------------------------------------------------

    def above(self, uppers: Any, lowers: Any) -> Any:
        """Per pair (term numbers), whether `uppers[i]` is reachable up from `lowers[i]`."""
        np = self.np
        goal, start = self.component[uppers], self.component[lowers]
        level = self.level
        found = goal == start
        query = np.flatnonzero(~found & (level[start] > level[goal]))
        node = start[query]
        size = len(level)
        while len(query):  # every pair one step up; a pair below its goal's level is dropped
            query, node = self.above_of.step(query, node)
            target = goal[query]
            found[query[node == target]] = True
            keep = (level[node] > level[target]) & ~found[query]
            keys = np.unique(query[keep] * size + node[keep])
            query, node = keys // size, keys % size
        return found

    def cycles(self) -> list[tuple[set[str], dict[str, list[str]]]]:
        """Each cycle's members (two or more terms) and the hierarchy among them (`parents_of`)."""
        from ..views.links import parents_of

        np, table = self.np, self.table
        ids, links = table.ids, table.glossary.links
        cycle_of = np.full(len(ids), -1)
        for number, members in enumerate(self.cycle_members):
            cycle_of[members] = number
        here = cycle_of[table.source]
        among = np.flatnonzero((here >= 0) & (here == cycle_of[table.target]))
        among = among[np.argsort(here[among], kind="stable")]  # by cycle, in link order
        bounds = np.searchsorted(here[among], np.arange(len(self.cycle_members) + 1))
        found = []
        for number, members in enumerate(self.cycle_members):
            inside = among[bounds[number]:bounds[number + 1]].tolist()
            names = [ids[i] for i in members.tolist()]
            found.append((set(names), parents_of(names, [links[i] for i in inside])))
        return found

    def clashes(self) -> list[tuple[Link, list[str]]]:
        """(related link, chain up from the lower term) for related terms also linked by broader.

        The first `related` link of each (source, target) pair, in link
        order; the chain goes up from the source when the target is above it.
        """
        np, table = self.np, self.table
        size = len(table.ids)
        wanted = np.flatnonzero((table.relation == RELATED) & (table.source != table.target))
        _, first = np.unique(table.source[wanted] * size + table.target[wanted], return_index=True)
        wanted = np.sort(wanted[first])
        source, target = table.source[wanted], table.target[wanted]
        up, down = self.above(target, source), self.above(source, target)
        links = table.glossary.links
        found = []
        for i in np.flatnonzero(up | down).tolist():
            lower, upper = (source[i], target[i]) if up[i] else (target[i], source[i])
            chain = self.path(int(lower), int(upper))
            found.append((links[int(wanted[i])], chain))
        return found

    def redundant(self) -> list[tuple[str, str, list[str]]]:
        """(child, parent, longer chain) for each broader link a longer chain implies."""
        np = self.np
        tangled = np.flatnonzero(self.up.count >= 2).tolist()
        pairs = [(child, parent, other) for child in tangled
                 for parent in self.up.of(child) for other in self.up.of(child) if other != parent]
        if not pairs:
            return []
        child, parent, other = (np.array(column, np.int64) for column in zip(*pairs))
        implied = self.above(parent, other) & (self.component[parent] != self.component[child])
        ids, found, seen = self.table.ids, [], set()
        for i in np.flatnonzero(implied).tolist():
            edge = (int(child[i]), int(parent[i]))
            if edge not in seen:
                seen.add(edge)
                chain = self._indirect_path(*edge)
                found.append((ids[edge[0]], ids[edge[1]], chain))
        return found

    def _indirect_path(self, lower: int, upper: int) -> list[str]:
        """The shortest chain lower -> ... -> upper of at least two links (the first of equals)."""
        np = self.np
        parents = [p for p in self.up.of(lower) if p != upper]
        reach = self.above(np.full(len(parents), upper, np.int64), np.array(parents, np.int64))
        best: list[str] | None = None
        for parent, reached in zip(parents, reach.tolist()):
            if reached:
                path = [self.table.ids[lower], *self.path(parent, upper)]
                if best is None or len(path) < len(best):
                    best = path
        return best or []

    def path(self, lower: int, upper: int) -> list[str]:
        """`networkx.shortest_path(hierarchy, lower, upper)`: the same search, the same chain."""
        ids = self.table.ids
        if lower == upper:
            return [ids[lower]]
        forward, backward = {lower: None}, {upper: None}
        forward_fringe, backward_fringe = [lower], [upper]
        meet = None
        while meet is None and forward_fringe and backward_fringe:
            if len(forward_fringe) <= len(backward_fringe):
                forward_fringe, meet = _grow(forward_fringe, self.up, forward, backward)
            else:
                backward_fringe, meet = _grow(backward_fringe, self.down, backward, forward)
        if meet is None:  # pragma: no cover - only asked for pairs known to be linked
            raise ValueError(f"no chain from {ids[lower]!r} up to {ids[upper]!r}")
        path, node = [], meet
        while node is not None:
            path.append(node)
            node = forward[node]
        path.reverse()
        node = backward[path[-1]]
        while node is not None:
            path.append(node)
            node = backward[node]
        return [ids[i] for i in path]


def _grow(fringe: list[int], adjacency: _Adjacency, mine: dict, theirs: dict) -> tuple[list[int], Any]:
    """One level of a side of the bidirectional search; (next fringe, meeting node or None)."""
    grown = []
    for node in fringe:
        for other in adjacency.of(node):
            if other not in mine:
                grown.append(other)
                mine[other] = node
            if other in theirs:
                return grown, other
    return grown, None


class _Adjacency:
    """Compressed rows: for term i, `targets[start[i]:start[i + 1]]` in the order given."""

    def __init__(self, np: Any, size: int, sources: Any, targets: Any) -> None:
        order = np.argsort(sources, kind="stable")
        self.np = np
        self.count = np.bincount(sources, minlength=size)
        self.start = np.concatenate([[0], np.cumsum(self.count)])
        self.targets = targets[order]
        self._lists: tuple[list[int], list[int]] | None = None

    def of(self, node: int) -> list[int]:
        if self._lists is None:
            self._lists = (self.start.tolist(), self.targets.tolist())
        start, targets = self._lists
        return targets[start[node]:start[node + 1]]

    def step(self, query: Any, node: Any) -> tuple[Any, Any]:
        """Every (query, node) pair replaced by (query, each target of node)."""
        np = self.np
        count = self.count[node]
        total = int(count.sum())
        offsets = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        return np.repeat(query, count), self.targets[np.repeat(self.start[node], count) + offsets]
