"""SKOS -> YAML -> SKOS is isomorphic on the mapped SKOS core (issue 6).

Both graphs are restricted to the mapped predicates (labels, notes, notation,
the three relations, schemes, collections, `owl:deprecated`, the three SKOS
types) and compared with `rdflib.compare.isomorphic`. PhySH's own
`physh_rdf:*` predicates, scheme titles and descriptions are not part of the
core (they are dropped, see docs/interop.md).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import OWL, RDF, SKOS

import graph
from graph.yaml_out import write_glossary

CORE = {SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.definition, SKOS.scopeNote,
        SKOS.notation, SKOS.broader, SKOS.narrower, SKOS.related, SKOS.inScheme,
        SKOS.topConceptOf, SKOS.hasTopConcept, SKOS.member, OWL.deprecated}
TYPES = {SKOS.Concept, SKOS.ConceptScheme, SKOS.Collection}
FIXTURES = ["basic.ttl", "basic.rdf", "basic.nt", "basic.nq", "basic.trig", "basic.jsonld",
            "duplicates.ttl", "multilingual.ttl", "multischeme.ttl"]


def core(g: rdflib.Graph) -> rdflib.Graph:
    """The mapped SKOS core of a graph (language tags lowercased: RDF compares them so)."""
    projected = rdflib.Graph()
    for s, p, o in g:
        if isinstance(o, rdflib.Literal) and o.language:
            o = rdflib.Literal(str(o), lang=o.language.lower())
        if p in CORE or (p == RDF.type and o in TYPES):
            projected.add((s, p, o))
    return projected


def read(path: Path) -> rdflib.Graph:
    """Every triple of an RDF file, named graphs merged (read by rdflib, not glossgraph)."""
    formats = {".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}
    if path.suffix not in formats:
        return rdflib.Graph().parse(path)
    with warnings.catch_warnings():  # rdflib's own dataset deprecations
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = rdflib.Dataset()
        dataset.parse(path, format=formats[path.suffix])
        merged = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
    return merged


def skos_yaml_skos(source: Path, tmp: Path, **options) -> rdflib.Graph:
    """Import to YAML with the CLI's writer, load the YAML, export Turtle, read it back."""
    write_glossary(graph.load(source, **options), tmp / "yaml")
    again = graph.load(tmp / "yaml")
    assert again.load_findings == []
    again.export("ttl", tmp / "back.ttl")
    return rdflib.Graph().parse(tmp / "back.ttl")


def assert_isomorphic(back: rdflib.Graph, original: rdflib.Graph) -> None:
    if not isomorphic(back, original):
        _, only_back, only_original = graph_diff(to_isomorphic(back), to_isomorphic(original))
        pytest.fail(f"only after the round trip: {sorted(only_back)[:10]}\n"
                    f"only in the original: {sorted(only_original)[:10]}")


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_skos_yaml_skos_is_isomorphic(fixtures, tmp_path, name):
    source = fixtures / "skos" / name
    assert_isomorphic(core(skos_yaml_skos(source, tmp_path)), core(read(source)))


def test_multilingual_with_another_label_language(fixtures, tmp_path):
    source = fixtures / "skos" / "multilingual.ttl"
    back = skos_yaml_skos(source, tmp_path, lang="fr")
    assert_isomorphic(core(back), core(read(source)))


def test_fidelity_fixture_every_core_feature(fixtures, tmp_path):
    """Hidden and untagged labels, notations, several notes, opaque collection IRIs sharing a
    slug, foreign links, a concept in no scheme, a deprecated concept."""
    source = fixtures / "skos" / "fidelity.ttl"
    assert_isomorphic(core(skos_yaml_skos(source, tmp_path)), core(read(source)))


def test_the_yaml_keeps_the_fields(fixtures, tmp_path):
    write_glossary(graph.load(fixtures / "skos" / "fidelity.ttl"), tmp_path)
    text = (tmp_path / "tiger.yml").read_text(encoding="utf-8")
    assert "hidden_labels:\n- Tigre\n" in text
    assert "collections:\n  Big cats: https://example.org/fid/coll/A\n" in text
    assert "notation:\n- T.1\n- T.2\n" in text


def test_view_is_deterministic(fixtures):
    glossary = graph.load(fixtures / "skos" / "fidelity.ttl")
    import pyoxigraph as ox

    from graph.export.rdf import rdf_bytes

    assert rdf_bytes(glossary, ox.RdfFormat.TURTLE) == rdf_bytes(glossary, ox.RdfFormat.TURTLE)


def test_physh_skos_yaml_skos_is_isomorphic(physh, tmp_path):
    """PhySH: 3,925 concepts, 19 schemes (top concepts only, no inScheme)."""
    assert_isomorphic(core(skos_yaml_skos(physh, tmp_path)), core(read(physh)))
