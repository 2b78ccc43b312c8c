"""SKOS -> import -> YAML -> export gives back the whole graph, not only the SKOS core.

Compared with rdflib's graph isomorphism (blank nodes included), leaving out only the
`gg:` provenance triples export adds; the YAML keeps what it has fields for and `import`
keeps the rest in rdf-extra.nt, which it reports.
"""

from __future__ import annotations

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import graph_diff, to_isomorphic

import graph
from graph.cli import cli

GG = "https://w3id.org/glossgraph/ns#"
#: The end of the line that marks a subject of rdf-extra.nt as a concept.
MARKER = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept> ."
XSD_STRING = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#string")
FIXTURES = ["roundtrip-hard.ttl", "shared-labels.ttl", "shared-labels.rdf", "fidelity.ttl",
            "multilingual.ttl", "multischeme.ttl", "basic.ttl"]


def _comparable(rdf: rdflib.Graph) -> rdflib.Graph:
    """Without gg: triples; xsd:string literals as plain ones (the same in RDF 1.1)."""
    out = rdflib.Graph()
    for s, p, o in rdf:
        if str(p).startswith(GG):
            continue
        if isinstance(o, rdflib.Literal) and o.datatype == XSD_STRING:
            o = rdflib.Literal(str(o))
        out.add((s, p, o))
    return out


def _round_trip(path, tmp_path):
    result = CliRunner().invoke(cli, ["import", str(path), "--to", str(tmp_path / "yaml")])
    assert result.exit_code == 0, result.output
    imported = graph.load(tmp_path / "yaml")
    exported = rdflib.Graph().parse(data=imported.rdf.serialize(format="nt"), format="nt")
    return result, _comparable(exported)


@pytest.mark.parametrize("name", FIXTURES)
def test_import_then_export_gives_the_whole_graph_back(fixtures, tmp_path, name):
    path = fixtures / "skos" / name
    source = _comparable(rdflib.Graph().parse(path))
    result, exported = _round_trip(path, tmp_path)
    _, only_source, only_export = graph_diff(to_isomorphic(source), to_isomorphic(exported))
    assert sorted(only_source) == [] and sorted(only_export) == []


def test_what_yaml_cannot_hold_is_reported_and_kept(fixtures, tmp_path):
    path = fixtures / "skos" / "roundtrip-hard.ttl"
    result, _ = _round_trip(path, tmp_path)
    kept = (tmp_path / "yaml" / "rdf-extra.nt").read_text()
    triples = [line for line in kept.splitlines() if not line.endswith(MARKER)]
    assert f"{len(triples)} triples YAML cannot hold are kept in" in result.output
    assert "Split from Trunk" in kept and "Petites parties" in kept  # blank-node note, labels
    assert "rdf_extra = \"rdf-extra.nt\"" in (tmp_path / "yaml" / "glossgraph.toml").read_text()


def test_the_newest_review_date_is_judged(fixtures):
    glossary = graph.load(fixtures / "skos" / "roundtrip-hard.ttl")
    assert glossary.find("Root").last_reviewed == "2021-06-30T12:00:00Z"
    assert "notes" not in glossary.find("Root").extra or all(
        not text.startswith("_:") and "Split" not in text
        for texts in glossary.find("Root").extra["notes"].values() for text in texts)


def _describes(rdf: rdflib.Graph, iri: str) -> set:
    """The triples whose subject is `iri`, and those of the blank nodes reachable from it."""
    found, stack, seen = set(), [rdflib.URIRef(iri)], set()
    while stack:
        node = stack.pop()
        for triple in rdf.triples((node, None, None)):
            found.add(triple)
            if isinstance(triple[2], rdflib.BNode) and triple[2] not in seen:
                seen.add(triple[2])
                stack.append(triple[2])
    return found


def test_a_deleted_concept_takes_its_rdf_extra_lines_with_it(fixtures, tmp_path):
    path = fixtures / "skos" / "roundtrip-hard.ttl"
    _round_trip(path, tmp_path)
    root = "https://example.org/h/root"
    text = (tmp_path / "yaml" / "rdf-extra.nt").read_text()
    assert f"<{root}> {MARKER}" in text
    extra = _comparable(rdflib.Graph().parse(data="\n".join(
        line for line in text.splitlines() if not line.endswith(MARKER)), format="nt"))
    gone = _describes(extra, root)  # its older modified dates, its blank-node note and the note's own
    assert len({t for t in gone if isinstance(t[0], rdflib.BNode)}) == 3
    assert len({t for t in gone if t[0] == rdflib.URIRef(root)}) == 3
    (tmp_path / "yaml" / "root.yml").unlink()
    after = _comparable(rdflib.Graph().parse(
        data=graph.load(tmp_path / "yaml").rdf.serialize(format="nt"), format="nt"))
    assert _describes(after, root) == set()
    assert not any(str(o) in ("Split from Trunk", "Ann") for o in after.objects())
    kept = {t for t in extra if t not in gone}
    assert kept and len(kept) == len(extra) - len(gone)
    missing = {t for t in kept if t not in after and not any(isinstance(n, rdflib.BNode) for n in t)}
    assert missing == set()  # every other line is still written
    assert {str(o) for o in after.objects()} >= {str(t[2]) for t in kept}


def test_a_blank_node_another_subject_still_reaches_is_kept():
    import pyoxigraph as ox

    from graph.views.rdf_extra import CONCEPT_MARKER, without_deleted_concepts

    gone, stays, p = (ox.NamedNode(f"http://x/{n}") for n in ("gone", "stays", "p"))
    shared, own = ox.BlankNode("shared"), ox.BlankNode("own")
    triples = [ox.Triple(gone, *CONCEPT_MARKER), ox.Triple(stays, *CONCEPT_MARKER),
               ox.Triple(gone, p, shared), ox.Triple(stays, p, shared), ox.Triple(gone, p, own),
               ox.Triple(shared, p, ox.Literal("s")), ox.Triple(own, p, ox.Literal("o")),
               ox.Triple(ox.BlankNode("root"), p, ox.Literal("r"))]
    kept = without_deleted_concepts(triples, {"http://x/stays"})
    assert sorted(str(t) for t in kept) == sorted(str(t) for t in [
        ox.Triple(stays, p, shared), ox.Triple(shared, p, ox.Literal("s")),
        ox.Triple(ox.BlankNode("root"), p, ox.Literal("r"))])
    assert len(without_deleted_concepts(triples, {"http://x/stays", "http://x/gone"})) == 6
