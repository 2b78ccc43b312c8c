"""The networkx view: one node per term, one edge per link, keyed by relation.

Declared links carry ``declared=True``; the inverse of every declared link
(a declared `narrower` gives an inferred `broader` the other way, `related`
gives `related` back) is added with ``declared=False`` unless it is declared
too. Structural checks and exploration commands use this view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from ..model import INVERSE

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary, Term

__all__ = ["build_nx", "broader_graph", "undirected_links"]


def build_nx(glossary: Glossary) -> nx.MultiDiGraph:
    """Build the MultiDiGraph of a glossary.

    Examples
    --------
    >>> from graph.model import Glossary, Reference, Term
    >>> g = Glossary([Term("a", references=[Reference("b", "narrower", 0)]), Term("b")])
    >>> sorted((u, v, k, d["declared"]) for u, v, k, d in build_nx(g).edges(keys=True, data=True))
    [('a', 'b', 'narrower', True), ('b', 'a', 'broader', False)]
    """
    graph = nx.MultiDiGraph(name=glossary.scheme.title)
    graph.add_nodes_from((term.id, _node_attributes(term)) for term in glossary)
    present: set[tuple[str, str, str]] = set()  # (u, v, key) of every edge added: has_edge, cheaper
    for link in glossary.links:
        position = link.reference.position
        graph.add_edge(
            link.source,
            link.target,
            key=link.relation,
            relation=link.relation,
            declared=True,
            via=link.via,
            file=position.file if position else None,
            line=position.line if position else None,
        )
        present.add((link.source, link.target, link.relation))
    for link in glossary.links:
        inverse = INVERSE[link.relation]
        if (link.target, link.source, inverse) not in present:
            graph.add_edge(link.target, link.source, key=inverse, relation=inverse, declared=False)
            present.add((link.target, link.source, inverse))
    return graph


def _node_attributes(term: Term) -> dict[str, Any]:
    return {
        "label": term.label,
        "aliases": list(term.aliases),
        "categories": list(term.categories),
        "status": term.status,
        "definition": term.short_def,
        "file": term.file,
        "line": term.position.line if term.position else None,
    }


def broader_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """A DiGraph with an edge child -> parent for every broader link (declared or inferred).

    >>> from graph.model import Glossary, Reference, Term
    >>> g = Glossary([Term("a", references=[Reference("b", "narrower", 0)]), Term("b")])
    >>> list(broader_graph(g.nx).edges())
    [('b', 'a')]
    """
    hierarchy = nx.DiGraph()
    hierarchy.add_nodes_from(graph.nodes)
    # The order of graph.edges(keys=True), without visiting every edge's keys one by one.
    hierarchy.add_edges_from((u, v) for u, nbrs in graph.adjacency() for v, keys in nbrs.items()
                             if "broader" in keys)
    return hierarchy


def undirected_links(graph: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected Graph of every link, for components and paths."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    # Each neighbour once, in the order graph.edges() first yields it (the same Graph).
    simple.add_edges_from((u, v) for u, nbrs in graph.adjacency() for v in nbrs if u != v)
    return simple
