"""Exploration: statistics, the term card, paths, trees and neighbourhoods.

Everything here returns plain data (dicts and lists); the CLI renders it.
All graph work uses networkx algorithms on the networkx view.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from .model import RELATIONS
from .views.links import hierarchy_from_links
from .views.nx import nx_view, undirected_links

if TYPE_CHECKING:  # pragma: no cover
    from .model import Glossary, Term

__all__ = [
    "glossary_stats",
    "top_concepts",
    "broader_chains",
    "term_card",
    "path_between",
    "TreeNode",
    "hierarchy_tree",
    "under_no_top_concept",
    "neighbors_within",
]


def top_concepts(glossary: Glossary) -> list[str]:
    """Ids of terms with no broader term (declared or inferred), sorted by label."""
    hierarchy = hierarchy_from_links(glossary)
    tops = [node for node in hierarchy if hierarchy.out_degree(node) == 0]
    return sorted(tops, key=lambda node: glossary.terms[node].label.casefold())


def hierarchy_depth(glossary: Glossary) -> int:
    """The number of levels of the broader hierarchy (cycles condensed to one level)."""
    hierarchy = hierarchy_from_links(glossary)
    if hierarchy.number_of_nodes() == 0:
        return 0
    condensed = nx.condensation(hierarchy)
    return nx.dag_longest_path_length(condensed) + 1


def glossary_stats(glossary: Glossary) -> dict[str, Any]:
    """Counts that describe a glossary.

    >>> from graph.model import Glossary, Reference, Term
    >>> g = Glossary([Term("a", references=[Reference("b", "broader", 0), Reference("zz", "related", 0)]),
    ...               Term("b", status="draft")])
    >>> s = glossary_stats(g)
    >>> s["terms"], s["links"]["broader"], s["unresolved"], s["depth"], s["top_concepts"]
    (2, 1, 1, 2, ['b'])
    """
    declared = Counter(link.relation for link in glossary.links)
    from .build import files_read

    files, unloaded = files_read(glossary)
    categories = Counter(c for term in glossary for c in term.categories)
    statuses = Counter(term.status or "(none)" for term in glossary)
    components = nx.number_connected_components(undirected_links(nx_view(glossary))) if len(glossary) else 0
    tops = top_concepts(glossary)
    return {
        "title": glossary.scheme.title,
        "source": glossary.source,
        "terms": len(glossary),
        "files": files,
        "unloaded_files": unloaded,
        "links": {relation: declared.get(relation, 0) for relation in RELATIONS},
        "links_total": len(glossary.links),
        "references": len(glossary.links) + len(glossary.unresolved) + len(glossary.ambiguous),
        "resolved": len(glossary.links),
        "unresolved": len(glossary.unresolved),
        "ambiguous": len(glossary.ambiguous),
        "top_concepts": [glossary.terms[t].label for t in tops],
        "depth": hierarchy_depth(glossary),
        "components": components,
        "categories": dict(sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))),
        "statuses": dict(sorted(statuses.items(), key=lambda kv: (-kv[1], kv[0]))),
        "load_findings": len(glossary.load_findings),
    }


def broader_chains(glossary: Glossary, term_id: str, limit: int = 10) -> list[list[str]]:
    """Every chain of broader terms from `term_id` up to a top concept (ids, nearest first).

    Cycles end a chain; at most `limit` chains are returned.
    """
    graph = nx_view(glossary)
    chains: list[list[str]] = []
    stack: list[list[str]] = [[term_id]]
    while stack and len(chains) < limit:
        path = stack.pop()
        parents = sorted({v for _, v, key in graph.out_edges(path[-1], keys=True) if key == "broader"},
                         reverse=True)
        fresh = [p for p in parents if p not in path]
        if not fresh:
            if len(path) > 1:
                chains.append(path[1:])
            continue
        stack.extend(path + [parent] for parent in fresh)
    return chains


def _labels(glossary: Glossary, ids) -> list[str]:
    return [glossary.terms[i].label for i in ids]


def term_card(glossary: Glossary, term: Term) -> dict[str, Any]:
    """Everything known about one term, as plain data (what `glossgraph show` prints)."""
    graph = nx_view(glossary)
    outgoing: dict[str, list[str]] = {relation: [] for relation in RELATIONS}
    for _, target, key in sorted(graph.out_edges(term.id, keys=True)):
        outgoing[key].append(target)
    linked_from = sorted(
        {(glossary.terms[source].label, key)
         for source, _, key, declared in graph.in_edges(term.id, keys=True, data="declared")
         if declared and source != term.id}
    )
    unresolved = [
        {"relation": u.reference.relation, "reference": u.reference.text}
        for u in glossary.unresolved if u.source == term.id
    ]
    card = term.to_dict()
    card.update({
        "id": term.id,
        "iri": glossary.iri(term),
        "broader": sorted(_labels(glossary, outgoing["broader"])),
        "broader_chains": [_labels(glossary, c) for c in broader_chains(glossary, term.id)],
        "narrower": sorted(_labels(glossary, outgoing["narrower"])),
        "related": sorted(_labels(glossary, outgoing["related"])),
        "linked_from": [{"term": label, "relation": rel} for label, rel in linked_from],
        "unresolved": unresolved,
        "file": term.file,
        "line": term.position.line if term.position else None,
    })
    return card


def path_between(glossary: Glossary, source: Term, target: Term) -> list[tuple[str, str | None]]:
    """The shortest path of links from `source` to `target`: [(term id, relation to next)].

    Every link can be walked both ways (inverses are in the networkx view).
    Raises `networkx.NetworkXNoPath` when the terms are not connected.
    """
    graph = nx_view(glossary)
    nodes = nx.shortest_path(graph, source.id, target.id)
    hops: list[tuple[str, str | None]] = []
    for here, there in zip(nodes, nodes[1:]):
        edges = graph.get_edge_data(here, there)
        declared = sorted(k for k, d in edges.items() if d.get("declared"))
        hops.append((here, (declared or sorted(edges))[0]))
    hops.append((nodes[-1], None))
    return hops


@dataclass
class TreeNode:
    """One line of the hierarchy tree: a term, its narrower terms, and loop/repeat marks."""

    id: str
    label: str
    children: list[TreeNode] = field(default_factory=list)
    cycle: bool = False  # the term is already on the path above: not expanded
    truncated: bool = False  # depth limit reached with narrower terms left

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"term": self.label}
        if self.cycle:
            data["cycle"] = True
        if self.truncated:
            data["truncated"] = True
        if self.children:
            data["narrower"] = [child.to_dict() for child in self.children]
        return data


def hierarchy_tree(glossary: Glossary, roots: list[str], max_depth: int | None = None) -> list[TreeNode]:
    """The narrower hierarchy under each root id, without recursion and safe on cycles."""
    hierarchy = hierarchy_from_links(glossary)

    def children_of(node: str) -> list[str]:
        return sorted(hierarchy.predecessors(node), key=lambda n: glossary.terms[n].label.casefold())

    trees = []
    for root in roots:
        top = TreeNode(root, glossary.terms[root].label)
        stack: list[tuple[TreeNode, tuple[str, ...]]] = [(top, (root,))]
        while stack:
            node, path = stack.pop()
            kids = children_of(node.id)
            if max_depth is not None and len(path) > max_depth:
                node.truncated = bool(kids)
                continue
            for kid in kids:
                child = TreeNode(kid, glossary.terms[kid].label, cycle=kid in path)
                node.children.append(child)
                if not child.cycle:
                    stack.append((child, path + (kid,)))
        trees.append(top)
    return trees


def under_no_top_concept(glossary: Glossary) -> list[str]:
    """Ids of the terms no top concept reaches through narrower links: each is in a broader
    cycle or under one. Sorted by label; a depth limit on a tree does not change them.

    >>> from graph.model import Glossary, Reference, Term
    >>> g = Glossary([Term("p", references=[Reference("q", "broader", 0)]),
    ...               Term("q", references=[Reference("p", "broader", 0)]), Term("t")])
    >>> under_no_top_concept(g)
    ['p', 'q']
    """
    hierarchy = hierarchy_from_links(glossary)
    placed: set[str] = set()
    for top in (node for node in hierarchy if hierarchy.out_degree(node) == 0):
        placed.add(top)
        placed.update(nx.ancestors(hierarchy, top))  # child -> parent edges: the narrower terms
    left = [term_id for term_id in glossary.terms if term_id not in placed]
    return sorted(left, key=lambda term_id: glossary.terms[term_id].label.casefold())


def neighbors_within(glossary: Glossary, term: Term, depth: int) -> list[tuple[int, str]]:
    """(distance, term id) of every term within `depth` links of `term`, nearest first."""
    distances = nx.single_source_shortest_path_length(undirected_links(nx_view(glossary)), term.id,
                                                      cutoff=depth)
    rows = [(d, node) for node, d in distances.items() if node != term.id]
    return sorted(rows, key=lambda row: (row[0], glossary.terms[row[1]].label.casefold()))
