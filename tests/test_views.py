"""The networkx and SKOS views: counts on a fixture, and the SKOS of ai incident response."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from graph.sources import load_glossary
from graph.views.nx import nx_view
from graph.views.skos import GG, rdflib_graph_of, store_of

BASE = "https://example.org/glossary/"


@pytest.fixture
def small(fixtures):
    return load_glossary(fixtures / "small")


def test_nx_nodes_and_edges(small):
    graph = nx_view(small)
    assert sorted(graph.nodes) == ["alpha", "beta", "delta", "gamma"]
    assert graph.nodes["gamma"]["categories"] == ["Letters", "Sounds"]
    assert graph.nodes["delta"]["status"] == "deprecated"
    edges = sorted((u, v, k, d["declared"]) for u, v, k, d in graph.edges(keys=True, data=True))
    assert edges == [
        ("alpha", "beta", "narrower", True),
        ("alpha", "gamma", "narrower", False),
        ("alpha", "gamma", "related", True),
        ("beta", "alpha", "broader", True),
        ("gamma", "alpha", "broader", True),
        ("gamma", "alpha", "related", True),
    ]


def test_skos_triple_counts(small):
    store = store_of(small)
    rows = store.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept }",
                       prefixes={"skos": str(SKOS)})
    assert int(next(iter(rows))["n"].value) == 4
    assert len(rdflib_graph_of(small)) == len(store)
    for relation, expected in (("broader", 2), ("narrower", 1), ("related", 2)):
        pattern = store.quads_for_pattern(None, ox.NamedNode(str(SKOS[relation])), None)
        assert len(list(pattern)) == expected


def test_unresolved_and_collections_in_skos(small):
    rdf = rdflib_graph_of(small)
    beta = URIRef(BASE + "beta")
    assert (beta, URIRef(GG + "unresolvedReference"), Literal("delt")) in rdf
    assert (beta, URIRef(GG + "unresolvedRelated"), Literal("delt")) in rdf
    sounds = URIRef(BASE + "category/sounds")
    assert set(rdf.objects(sounds, SKOS.member)) == {URIRef(BASE + "gamma"), URIRef(BASE + "delta")}
    tops = set(rdf.subjects(SKOS.topConceptOf, URIRef(BASE + "scheme")))
    assert tops == {URIRef(BASE + "alpha"), URIRef(BASE + "delta")}


@pytest.mark.realdata
def test_skos_of_ai_incident_response(ai_glossary):
    rdf = rdflib_graph_of(load_glossary(ai_glossary))
    gg = Namespace(GG)
    air = URIRef(BASE + "ai-incident-response")
    assert (air, SKOS.prefLabel, Literal("ai incident response", lang="en")) in rdf
    assert set(rdf.objects(air, SKOS.altLabel)) == {
        Literal("model incident response", lang="en"), Literal("ai escalation", lang="en")}
    assert (air, SKOS.broader, URIRef(BASE + "model-governance")) in rdf
    assert set(rdf.objects(air, SKOS.related)) == {
        URIRef(BASE + slug) for slug in ("red-teaming", "guardrails", "ml-observability")}
    assert set(map(str, rdf.objects(air, gg.nistRmfTag))) == {"risk_management", "accountability"}
    assert (air, SKOS.inScheme, URIRef(BASE + "scheme")) in rdf
    collections = {str(c) for c in rdf.subjects(SKOS.member, air)}
    assert collections == {BASE + "category/operations-monitoring", BASE + "category/governance-risk"}
    sources = [rdf.value(node, URIRef("http://purl.org/dc/terms/title"))
               for node in rdf.objects(air, URIRef("http://purl.org/dc/terms/source"))]
    assert len(sources) == 3


@pytest.mark.realdata
def test_real_unresolved_references_are_in_skos(ai_glossary):
    glossary = load_glossary(ai_glossary)
    rows = list(store_of(glossary).query(
        f"SELECT ?c ?r WHERE {{ ?c <{GG}unresolvedReference> ?r }}"))
    assert len(rows) == len(glossary.unresolved) == 56


def _build_with_add_edge(glossary):
    """The networkx view built with the public add_edge, as build_nx did before it wrote directly."""
    import networkx as nx

    from graph.model import INVERSE
    from graph.views.nx import _node_attributes

    graph = nx.MultiDiGraph(name=glossary.scheme.title)
    graph.add_nodes_from((term.id, _node_attributes(term)) for term in glossary)
    for link in glossary.links:
        where = link.reference.position
        graph.add_edge(link.source, link.target, key=link.relation, relation=link.relation,
                       declared=True, via=link.via, file=where.file if where else None,
                       line=where.line if where else None)
    for link in glossary.links:
        inverse = INVERSE[link.relation]
        if not graph.has_edge(link.target, link.source, inverse):
            graph.add_edge(link.target, link.source, key=inverse, relation=inverse, declared=False)
    return graph


def _shape(graph):
    return (graph.graph, list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True)),
            [(v, list(preds.items())) for v, preds in graph.pred.items()])


@pytest.mark.realdata
def test_direct_writes_build_what_add_edge_builds(ai_glossary, fixtures):
    from graph.model import Glossary, Reference, Term
    from graph.views.nx import build_nx

    repeated = Glossary([  # the same link declared twice, both ways, and a self link
        Term("a", references=[Reference("b", "broader", 0), Reference("b", "broader", 1),
                              Reference("a", "related", 0)]),
        Term("b", references=[Reference("a", "narrower", 0), Reference("a", "related", 0)])])
    for glossary in (load_glossary(ai_glossary), load_glossary(fixtures / "small"), repeated):
        assert _shape(build_nx(glossary)) == _shape(_build_with_add_edge(glossary))


def broader_graph(view):
    """The hierarchy read off the networkx view with the public API: the reference."""
    import networkx as nx

    reference = nx.DiGraph()
    reference.add_nodes_from(view.nodes)
    reference.add_edges_from((u, v) for u, v, key in view.edges(keys=True) if key == "broader")
    return reference


def _random_glossary(draw_refs):
    from graph.model import Glossary, Reference, Term

    names = [f"t{i}" for i in range(8)]
    terms = []
    for i, name in enumerate(names):
        refs = [Reference(names[target] if target < 8 else "nowhere", relation, index)
                for index, (target, relation) in enumerate(draw_refs[i])]
        terms.append(Term(name, references=refs))
    return Glossary(terms)


_REFS = st.lists(st.lists(st.tuples(st.integers(0, 8), st.sampled_from(["broader", "narrower", "related"])),
                          max_size=4), min_size=8, max_size=8)


@settings(max_examples=300, deadline=None)
@given(_REFS)
def test_link_based_structure_equals_the_networkx_view(refs):
    import networkx as nx

    from graph.views.links import hierarchy_from_links, link_components, linked_ids
    from graph.views.nx import build_nx

    glossary = _random_glossary(refs)
    view = build_nx(glossary)
    expected, built = broader_graph(view), hierarchy_from_links(glossary)
    assert list(built.nodes) == list(expected.nodes)
    assert list(built.edges) == list(expected.edges)
    assert [(v, list(p)) for v, p in built.pred.items()] == [(v, list(p)) for v, p in expected.pred.items()]
    assert link_components(glossary) == list(nx.weakly_connected_components(view))
    assert linked_ids(glossary) == {n for n in view if any(o != n for o in nx.all_neighbors(view, n))}


@pytest.mark.realdata
def test_link_based_structure_equals_the_view_on_the_real_glossary(ai_glossary):
    import networkx as nx

    from graph.views.links import hierarchy_from_links, link_components

    glossary = load_glossary(ai_glossary)
    expected, built = broader_graph(nx_view(glossary)), hierarchy_from_links(glossary)
    assert list(built.edges) == list(expected.edges) and built.number_of_edges() > 100
    assert [(v, list(p)) for v, p in built.pred.items()] == [(v, list(p)) for v, p in expected.pred.items()]
    assert link_components(glossary) == list(nx.weakly_connected_components(nx_view(glossary)))
