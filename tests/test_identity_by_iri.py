"""Identity by IRI: on vocabularies where labels repeat, every count equals an independent one.

The expected findings are computed here from the RDF file alone, with rdflib
and networkx and by IRI (none of glossgraph's code), and compared exactly with
`glossgraph check --format json`.
"""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import RDF, RDFS, SKOS

import graph
from graph.cli import cli
from graph.views.skos import rdflib_graph_of

FIXTURES = ["shared-labels.ttl", "shared-labels.rdf"]
RELATIONS = {SKOS.broader: "broader", SKOS.narrower: "narrower", SKOS.related: "related"}
INVERSE = {"broader": "narrower", "narrower": "broader", "related": "related"}


class Vocabulary:
    """The vocabulary as rdflib reads it: concepts, display names and links, by IRI."""

    def __init__(self, path, lang: str = "en") -> None:
        self.rdf = rdflib.Graph().parse(path)
        self.concepts = set(self.rdf.subjects(RDF.type, SKOS.Concept))
        self.names = {c: self._name(c, lang) for c in self.concepts}
        self.links = {(s, RELATIONS[p], o) for p in RELATIONS for s, o in self.rdf.subject_objects(p)
                      if s in self.concepts and o in self.concepts}
        self.dangling = [(s, RELATIONS[p], o) for p in RELATIONS
                         for s, o in self.rdf.subject_objects(p)
                         if s in self.concepts and o not in self.concepts]
        self.hierarchy = nx.DiGraph()  # child -> parent: declared broader plus inverted narrower
        self.hierarchy.add_nodes_from(self.concepts)
        for s, relation, o in self.links:
            if relation == "broader":
                self.hierarchy.add_edge(s, o)
            elif relation == "narrower":
                self.hierarchy.add_edge(o, s)

    def _name(self, concept, lang: str) -> str:
        for predicate in (SKOS.prefLabel, RDFS.label):
            found = list(self.rdf.objects(concept, predicate))
            if found:
                same = [lit for lit in found if lit.language == lang]
                return str(sorted(same or found, key=lambda lit: (lit.language or "", str(lit)))[0])
        notation = sorted(str(n) for n in self.rdf.objects(concept, SKOS.notation))
        return notation[0] if notation else str(concept).rsplit("/", 1)[-1]

    def expected(self) -> Counter:
        """(code, term name, target IRI) of every structural and reference finding."""
        name = self.names.get
        found = Counter()
        for s, _, o in self.dangling:
            found["GG101", name(s), str(o)] += 1
        for s, relation, o in self.links:
            if (o, INVERSE[relation], s) not in self.links:
                code = "GG203" if relation == "related" else "GG202"
                found[code, name(s), str(o)] += 1
            if relation == "related" and (nx.has_path(self.hierarchy, s, o)
                                          or nx.has_path(self.hierarchy, o, s)):
                found["GG205", name(s), str(o)] += 1
        linked = {c for s, _, o in self.links if s != o for c in (s, o)}
        for concept in self.concepts - linked:
            found["GG201", name(concept), None] += 1
        for s, o in self.hierarchy.edges:  # GG206: a broader link a longer chain already implies
            if s != o and any(nx.has_path(self.hierarchy, via, o) for via in self.hierarchy.successors(s)
                              if via not in (s, o)):
                found["GG206", name(s), str(o)] += 1
        cycles = [c for c in nx.strongly_connected_components(self.hierarchy) if len(c) > 1]
        found["GG204", None, None] += len(cycles)
        undirected = nx.Graph((s, o) for s, _, o in self.links if s != o)
        parts = sorted(nx.connected_components(undirected), key=len, reverse=True)
        found["GG207", None, None] += len(parts[1:])
        return found

    def iri_of(self, target: str) -> str:
        """A finding's target as an IRI: the IRI itself, or the one concept of that name."""
        if rdflib.URIRef(target) in self.concepts:
            return target
        named = [c for c, name in self.names.items() if name == target]
        assert len(named) == 1, f"{target!r} names {len(named)} concepts"
        return str(named[0])


def _check(path, *args) -> list[dict]:
    result = CliRunner().invoke(cli, ["check", "--data", str(path), "--no-cache", "--format", "json",
                                      "--select", "GG1,GG2", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def _observed(findings: list[dict], vocabulary: Vocabulary) -> Counter:
    found = Counter()
    for f in findings:
        code = f["code"]
        if code in ("GG204", "GG207"):
            found[code, None, None] += 1
        elif code in ("GG202", "GG203", "GG205", "GG206"):
            found[code, f["term"], vocabulary.iri_of(f["target"])] += 1
        else:
            found[code, f["term"], f["target"]] += 1
    return found


@pytest.mark.parametrize("name", FIXTURES)
def test_findings_equal_an_independent_count_by_iri(fixtures, name):
    path = fixtures / "skos" / name
    vocabulary = Vocabulary(path)
    expected = vocabulary.expected()
    observed = _observed(_check(path), vocabulary)
    assert observed == expected
    assert expected["GG202", "Cell", "https://example.org/t/cell1"] == 1  # between two 'Cell's
    assert sum(n for key, n in expected.items() if key[0] == "GG203") == 2
    assert not any(f[0] == "GG104" for f in observed)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_link_points_at_the_iri_it_names(fixtures, name):
    path = fixtures / "skos" / name
    vocabulary = Vocabulary(path)
    glossary = graph.load(path)
    iri = {term.id: rdflib.URIRef(glossary.iri(term)) for term in glossary}
    assert set(iri.values()) == vocabulary.concepts
    assert {(iri[k.source], k.relation, iri[k.target]) for k in glossary.links} == vocabulary.links
    assert len(glossary.links) == len(vocabulary.links)
    assert glossary.ambiguous == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_labels_shared_in_every_language(fixtures, lang):
    path = fixtures / "skos" / "shared-labels.ttl"
    vocabulary = Vocabulary(path, lang)
    assert _observed(_check(path, "--lang", lang), vocabulary) == vocabulary.expected()
    glossary = graph.load(path, lang=lang)
    mice = sorted(t.label for t in glossary if glossary.iri(t).endswith("/mouse1")
                  or glossary.iri(t).endswith("/mouse2"))
    assert mice == (["Mouse", "Mouse"] if lang == "en" else ["Souris", "Souris"])


def test_stats_count_components_and_roots_by_iri(fixtures):
    path = fixtures / "skos" / "shared-labels.ttl"
    vocabulary = Vocabulary(path)
    stats = graph.load(path).nx
    undirected = nx.Graph()
    undirected.add_nodes_from(vocabulary.concepts)
    undirected.add_edges_from((s, o) for s, _, o in vocabulary.links)
    assert stats.number_of_nodes() == len(vocabulary.concepts)
    from graph.explore import glossary_stats

    glossary = graph.load(path)
    found = glossary_stats(glossary)
    assert found["components"] == nx.number_connected_components(undirected)
    roots = {c for c in vocabulary.concepts if vocabulary.hierarchy.out_degree(c) == 0}
    from graph.explore import top_concepts

    assert {rdflib.URIRef(glossary.iri(t)) for t in top_concepts(glossary)} == roots
    assert len(found["top_concepts"]) == len(roots)


def test_a_concept_without_preflabel_is_named_but_not_given_one(fixtures):
    glossary = graph.load(fixtures / "skos" / "shared-labels.ttl")
    by_iri = {glossary.iri(t).rsplit("/", 1)[-1]: t for t in glossary}
    assert [by_iri[k].label for k in ("widget", "other-bank", "n42", "nameless")] == [
        "Widget", "Bank", "42", "nameless"]
    assert [by_iri[k].extra["label_source"] for k in ("widget", "n42", "nameless")] == [
        "rdfs:label", "notation", "iri"]
    exported = rdflib.Graph().parse(data=rdflib_graph_of(glossary).serialize(format="nt"), format="nt")
    ex = rdflib.Namespace("https://example.org/t/")
    for name in ("widget", "other-bank", "n42", "nameless"):
        assert list(exported.objects(ex[name], SKOS.prefLabel)) == []


@pytest.mark.parametrize("name", FIXTURES)
def test_mapping_properties_stay_links(fixtures, name):
    path = fixtures / "skos" / name
    source = rdflib.Graph().parse(path)
    exported = rdflib.Graph().parse(data=graph.load(path).rdf.serialize(format="nt"), format="nt")
    for prop in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch,
                 SKOS.relatedMatch):
        expected = set(source.subject_objects(prop))
        assert expected
        assert set(exported.subject_objects(prop)) == expected


@pytest.mark.realdata
def test_physh_findings_equal_an_independent_count_by_iri(physh):
    """The real PhySH vocabulary (3,925 concepts): every structural and reference finding, by IRI."""
    vocabulary = Vocabulary(physh)
    expected = vocabulary.expected()
    assert _observed(_check(physh), vocabulary) == expected
    assert sum(expected.values()) > 0  # PhySH has findings of its own: the comparison is not empty
