"""Two of networkx's directed-graph algorithms, with its exact results, without importing it.

On a large glossary `glossgraph check` answers its hierarchy questions on
the link table (`graph.checks.structure_table`); networkx was still imported
for the few terms in broader cycles, to find their strongly connected
components and one cycle through each. Importing networkx takes about
0.15 s, a tenth of a check of 10,000 terms, in the process that runs the
structural rules. These two functions follow networkx's code step for step
(the same visiting order, so the same components in the same order and the
same cycle); tests compare them with networkx on random graphs.

A graph here is a mapping of every node to its successors in order (a dict
of lists or of dicts: networkx's ``G._adj`` is one).

Examples
--------
>>> succ = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": []}
>>> [sorted(component) for component in strongly_connected_components(succ)]
[['d'], ['a', 'b', 'c']]
>>> find_cycle(succ, "b")
[('b', 'c'), ('c', 'a'), ('a', 'b')]
>>> find_cycle(succ, "d")
[]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping

__all__ = ["strongly_connected_components", "find_cycle"]

Graph = Mapping[Hashable, Iterable[Hashable]]


def strongly_connected_components(succ: Graph) -> Iterator[set]:
    """`networkx.strongly_connected_components`: each component as a set, in its order."""
    preorder: dict = {}  # node -> its number in visiting order, from 1
    lowlink: dict = {}
    found: set = set()
    waiting: list = []
    neighbours = {node: iter(succ[node]) for node in succ}
    for source in succ:
        if source in found:
            continue
        queue = [source]
        while queue:
            node = queue[-1]
            if node not in preorder:
                preorder[node] = len(preorder) + 1
            unseen = next((other for other in neighbours[node] if other not in preorder), _END)
            if unseen is not _END:
                queue.append(unseen)
                continue
            queue.pop()
            component = _finish(node, succ, preorder, lowlink, found, waiting)
            if component:
                yield component


def _finish(node: Hashable, succ: Graph, preorder: dict, lowlink: dict, found: set,
            waiting: list) -> set | None:
    """Close `node`, whose successors are all visited: its component when it is the root of one."""
    number = preorder[node]
    low = number
    for other in succ[node]:
        if other not in found:
            low = min(low, lowlink[other] if preorder[other] > number else preorder[other])
    lowlink[node] = low
    if low != number:
        waiting.append(node)
        return None
    component = {node}
    while waiting and preorder[waiting[-1]] > number:
        component.add(waiting.pop())
    found.update(component)
    return component


def find_cycle(succ: Graph, source: Hashable) -> list[tuple]:
    """`networkx.find_cycle(G, source)`: the edges of the first cycle its search meets from
    `source`, or [] where networkx raises NetworkXNoCycle."""
    edges: list[tuple] = []
    active = {source}
    previous_head = None
    final = None
    for tail, head in _edge_dfs(succ, source):
        if previous_head is not None and tail != previous_head:  # backtracked: drop to the tail
            while True:
                if not edges:
                    active = {tail}
                    break
                active.remove(edges.pop()[1])
                if edges and edges[-1][1] == tail:
                    break
        edges.append((tail, head))
        if head in active:
            final = head
            break
        active.add(head)
        previous_head = head
    if final is None:
        return []
    start = next(i for i, (tail, _) in enumerate(edges) if tail == final)
    return edges[start:]


def _edge_dfs(succ: Graph, source: Hashable) -> Iterator[tuple]:
    """`networkx.edge_dfs(G, source)` for a graph without parallel edges: each edge once."""
    pending: dict = {}
    stack = [source]
    while stack:
        node = stack[-1]
        if node not in pending:
            pending[node] = iter(succ[node])
        head = next(pending[node], _END)
        if head is _END:
            stack.pop()
        else:
            stack.append(head)
            yield node, head


_END = object()
