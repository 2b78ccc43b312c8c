"""The fast SKOS import gives the same terms whatever the triple order, duplicates or graphs."""

from __future__ import annotations

import dataclasses
import random

import pyoxigraph as ox
import pytest

from graph.sources.skos import read_skos
from graph.sources.skos_index import Triples
from graph.views.skos import GG, SKOS

FIXTURES = ["basic.ttl", "duplicates.ttl", "fidelity.ttl", "multilingual.ttl", "multischeme.ttl"]
#: Every field import reads: languages, gg:extra (JSON, not JSON, not a dict), ordered citations,
#: audiences sharing a name, shared labels, collections, schemes, unresolved references.
RICH = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix gg: <https://w3id.org/glossgraph/ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix : <https://ex.org/g/> .
:scheme a skos:ConceptScheme ; dcterms:title "Rich"@en, "Reich"@de ; skos:hasTopConcept :a .
:other a skos:ConceptScheme .
:a a skos:Concept ; skos:prefLabel "Alpha"@en, "Alfa"@de, "Alpha2"@en ; skos:altLabel "A"@en, "Al"@de, "X" ;
  skos:hiddenLabel "alfa"@en, "alpha-h"@fr ; skos:definition "Def"@en, "Def2"@en, "Defde"@de ;
  skos:scopeNote "Long"@de ; skos:notation "1", "2"^^<http://x/t> ; skos:note "n1", "n2" ; skos:example "e" ;
  skos:broader :b, <http://elsewhere/x> ; skos:related :c ;
  skos:inScheme :scheme, :other ; skos:topConceptOf :scheme ;
  owl:deprecated "true" ; gg:role "r2", "r1", "r1" ;
  gg:extra '''{"governance": {"owner": "me"}, "examples": {"more": [1]}, "audiences": {"z": "zz"},
             "custom": 5, "aliases": 3}''' ,
           "not json {" , "[1, 2]" ;
  gg:unresolvedBroader "ghost", "b-ghost" ; gg:unresolvedRelated "r-ghost" ;
  dcterms:source "Plain source", <https://cite.example/x>, _:a-source-2, _:a-source-1, <urn:nothing> ;
  gg:audience _:aud1, _:aud2 ; dcterms:description "desc" ; gg:nistRmfTag "t2", "t1" ; gg:riskNote "risk" ;
  gg:doExample "do1", "do0" ; gg:dontExample "dont" ; dcterms:modified "2024-01-01" ; dcterms:license "MIT" ;
  gg:partOfSpeech "noun" ; gg:sourceFile "x.yml" .
_:a-source-1 dcterms:title "Book" ; gg:url <https://book.example> .
_:a-source-2 gg:url <https://second.example> .
_:aud1 gg:audienceName "eng" ; rdf:value "For engineers" .
_:aud2 gg:audienceName "eng" ; rdf:value "Again" .
:b a skos:Concept ; skos:prefLabel "Beta" ; skos:narrower :a ; skos:altLabel "Bee"@en .
:c a skos:Concept ; skos:prefLabel "Beta"@en ; skos:altLabel "Cee"@en, "Bee"@en ;
  gg:status "approved" ; owl:deprecated true .
:d a skos:Concept ; skos:prefLabel "Beta"@fr ; skos:altLabel "Dee" .
<https://ex.org/g/no-label> a skos:Concept ; skos:related :a, :zzz .
:col a skos:Collection ; skos:prefLabel "Group"@en ; skos:member :a, :b .
<https://ex.org/g/category/other> a skos:Collection ; skos:member :c .
:col2 a skos:Collection ; skos:member :a .
"""


def _snapshot(path, **options) -> list:
    """Every field of every term (dict key order included), the findings and the scheme."""
    terms, findings, scheme = read_skos(path, **options)
    rows = [repr(scheme), repr(findings)]
    for term in terms:
        rows.append(repr([(f.name, getattr(term, f.name)) for f in dataclasses.fields(term)]))
    return rows


def _write(folder, name: str, quads: list, fmt=ox.RdfFormat.N_QUADS) -> None:
    folder.mkdir()
    (folder / name).write_bytes(ox.serialize(quads, format=fmt))


def _variants(source, tmp_path, monkeypatch, lang=None) -> tuple[list, list, list]:
    """The vocabulary as parsed, shuffled, and reversed with every triple twice in two graphs."""
    quads = list(ox.parse(path=str(source)))
    shuffled = quads[:]
    random.Random(7).shuffle(shuffled)
    graph = ox.NamedNode("http://example.org/graph")
    doubled = [ox.Quad(q.subject, q.predicate, q.object, g) for q in reversed(quads)
               for g in (ox.DefaultGraph(), graph)]
    snapshots = []
    for folder, found in (("as-parsed", quads), ("shuffled", shuffled), ("doubled", doubled)):
        _write(tmp_path / folder, "v.nq", found)
        monkeypatch.chdir(tmp_path / folder)  # the same relative path in every position
        snapshots.append(_snapshot("v.nq", lang=lang))
    return snapshots[0], snapshots[1], snapshots[2]


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("lang", [None, "fr"])
def test_triple_order_and_duplicates_do_not_change_terms(fixtures, tmp_path, monkeypatch, name, lang):
    parsed, shuffled, doubled = _variants(fixtures / "skos" / name, tmp_path, monkeypatch, lang)
    assert len(parsed) > 2
    assert shuffled == parsed
    assert doubled == parsed


@pytest.mark.parametrize("lang", [None, "de"])
def test_every_field_in_any_triple_order(tmp_path, monkeypatch, lang):
    source = tmp_path / "rich.ttl"
    source.write_text(RICH, encoding="utf-8")
    parsed, shuffled, doubled = _variants(source, tmp_path, monkeypatch, lang)
    assert "'gg_extra': [[1, 2], 'not json {']" in parsed[2]
    assert shuffled == parsed
    assert doubled == parsed


def test_physh_in_any_triple_order(physh, tmp_path, monkeypatch):
    parsed, shuffled, doubled = _variants(physh, tmp_path, monkeypatch)
    assert len(parsed) > 1000
    assert shuffled == parsed
    assert doubled == parsed


def test_index_sorts_and_deduplicates_lists_whose_order_is_used():
    a, b = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b")
    role, related = ox.NamedNode(GG + "role"), ox.NamedNode(SKOS + "related")
    quads = [ox.Quad(a, role, ox.Literal("z")), ox.Quad(b, related, a),
             ox.Quad(a, role, ox.Literal("y")), ox.Quad(a, role, ox.Literal("z")),
             ox.Quad(a, related, b), ox.Quad(a, ox.NamedNode("http://x/unread"), b)]
    triples = Triples(quads)
    assert [n.value for n in triples.objects(a, GG + "role")] == ["y", "z"]
    assert triples.objects(a, SKOS + "related") == [b]
    assert triples.objects(b, SKOS + "related") == [a]
    assert "http://x/unread" not in triples.props(a)
    assert sorted(s.value for s, _ in triples.pairs(SKOS + "related")) == ["http://x/a", "http://x/b"]


def test_same_language_and_value_but_other_datatype_are_both_kept():
    a, note = ox.NamedNode("http://x/a"), ox.NamedNode(SKOS + "notation")
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    quads = [ox.Quad(a, note, ox.Literal("1", datatype=integer)), ox.Quad(a, note, ox.Literal("1"))]
    assert len(Triples(quads).objects(a, SKOS + "notation")) == 2
