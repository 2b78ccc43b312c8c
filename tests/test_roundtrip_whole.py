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
    assert f"{kept.count(chr(10))} triples YAML cannot hold are kept in" in result.output
    assert "Split from Trunk" in kept and "Petites parties" in kept  # blank-node note, labels
    assert "rdf_extra = \"rdf-extra.nt\"" in (tmp_path / "yaml" / "glossgraph.toml").read_text()


def test_the_newest_review_date_is_judged(fixtures):
    glossary = graph.load(fixtures / "skos" / "roundtrip-hard.ttl")
    assert glossary.find("Root").last_reviewed == "2021-06-30T12:00:00Z"
    assert "notes" not in glossary.find("Root").extra or all(
        not text.startswith("_:") and "Split" not in text
        for texts in glossary.find("Root").extra["notes"].values() for text in texts)
