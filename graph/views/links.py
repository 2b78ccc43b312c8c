"""The structure the checks need, read straight from the resolved links.

`check` needs only the broader hierarchy, which terms are linked at all and
the weak components, not the whole networkx view (`graph.views.nx`), which
was the largest single cost of `check` at 100k terms (6.5 s). Each function
gives exactly what the view would (same nodes, edges and edge order; tests
compare them), and networkx is imported only when the hierarchy is built, so
a forked `check` imports it in the process that uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ..model import Glossary, Link

__all__ = ["hierarchy_from_links", "hierarchy_of", "parents_of", "linked_ids", "link_components"]


def hierarchy_from_links(glossary: Glossary) -> nx.DiGraph:
    """child -> parent for every broader link (declared, or inferred from narrower), as a DiGraph.

    The same nodes, edges and edge order as the broader edges of the networkx
    view (a test compares them), at a fraction of the cost: the checks and
    the hierarchy commands need only this, and building the whole view was
    seconds at 100k terms.

    >>> from graph.model import Glossary, Reference, Term
    >>> g = Glossary([Term("a", references=[Reference("b", "narrower", 0)]), Term("b")])
    >>> list(hierarchy_from_links(g).edges())
    [('b', 'a')]
    """
    return hierarchy_of(glossary.terms, glossary.links)


def hierarchy_of(term_ids: Iterable[str], links: Sequence[Link]) -> nx.DiGraph:
    """`hierarchy_from_links` of these terms (in this order) and these links (in link order).

    Given the terms of a cycle and the links among them, it is the view's
    hierarchy restricted to them, in the same order.
    """
    parents = _parents(links)
    import networkx as nx

    hierarchy = nx.DiGraph()
    hierarchy.add_nodes_from(term_ids)
    succ, pred = hierarchy._succ, hierarchy._pred
    for u in hierarchy:
        for v in parents.get(u, ()):
            succ[u][v] = pred[v][u] = hierarchy.edge_attr_dict_factory()
    return hierarchy


def parents_of(term_ids: Iterable[str], links: Sequence[Link]) -> dict[str, list[str]]:
    """`hierarchy_of` without networkx: each term (in this order) -> its parents, in the order
    of the view's edges (GG204 finds one cycle in a cycle's terms and links with it).

    >>> from graph.model import Link
    >>> links = [Link("a", "b", "broader", "label", None), Link("a", "c", "narrower", "label", None)]
    >>> parents_of(["a", "b", "c"], links)
    {'a': ['b'], 'b': [], 'c': ['a']}
    """
    parents = _parents(links)
    return {term_id: list(parents.get(term_id, ())) for term_id in term_ids}


def _parents(links: Sequence[Link]) -> dict[str, dict[str, None]]:
    """child -> its parents (broader targets, narrower sources) in the view's neighbour order."""
    parents: dict[str, dict[str, None]] = {}
    for link in links:
        if link.relation == "broader":
            parents.setdefault(link.source, {})[link.target] = None
        elif link.relation == "narrower":
            parents.setdefault(link.target, {})[link.source] = None
    tangled = {child for child, found in parents.items() if len(found) > 1}
    if tangled:
        _order_like_the_view(links, parents, tangled)
    return parents


def _order_like_the_view(links: Sequence[Link], parents: dict[str, dict[str, None]],
                         tangled: set[str]) -> None:
    """Put the parents of each child in `tangled` (two or more) in the view's neighbour order.

    In the view, u's neighbours are ordered by the first edge u -> v: the
    targets of u's declared links first (any relation, in link order), then
    the sources of the links to u. Children with one parent need no order.
    """
    first: dict[tuple[str, str, int], int] = {}
    for index, link in enumerate(links):
        if link.source in tangled:
            first.setdefault((link.source, link.target, 0), index)
        if link.target in tangled:
            first.setdefault((link.target, link.source, 1), index)

    for child in tangled:
        def place(parent: str, child: str = child) -> tuple[int, int]:
            out = first.get((child, parent, 0))
            return (0, out) if out is not None else (1, first[(child, parent, 1)])

        parents[child] = dict.fromkeys(sorted(parents[child], key=place))


def linked_ids(glossary: Glossary) -> set[str]:
    """Ids of the terms with a link to or from another term (the view's non-isolated nodes).

    >>> from graph.model import Glossary, Reference, Term
    >>> sorted(linked_ids(Glossary([Term("a", references=[Reference("b", "related", 0)]),
    ...                             Term("b"), Term("c", references=[Reference("c", "related", 0)])])))
    ['a', 'b']
    """
    linked: set[str] = set()
    for link in glossary.links:
        if link.source != link.target:
            linked.add(link.source)
            linked.add(link.target)
    return linked


def link_components(glossary: Glossary) -> list[set[str]]:
    """`nx.weakly_connected_components(nx_view(glossary))`, in its order, from the links alone.

    >>> from graph.model import Glossary, Reference, Term
    >>> found = link_components(Glossary([Term("a"), Term("b", references=[Reference("c", "related", 0)]),
    ...                                   Term("c")]))
    >>> [sorted(component) for component in found]
    [['a'], ['b', 'c']]
    """
    parent = {term_id: term_id for term_id in glossary.terms}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for link in glossary.links:
        parent.setdefault(link.source, link.source)
        parent.setdefault(link.target, link.target)
        a, b = root(link.source), root(link.target)
        if a != b:
            parent[b] = a
    groups: dict[str, set[str]] = {}
    for term_id in parent:  # node order: a component comes where its first node is
        groups.setdefault(root(term_id), set()).add(term_id)
    return list(groups.values())
