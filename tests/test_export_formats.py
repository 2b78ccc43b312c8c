"""Every export format, read back with its own reader; determinism; the export CLI."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import RDF, SKOS

import graph
from graph.cli import cli
from graph.export import format_names

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "xml": "xml", "jsonld": "json-ld"}
NETWORK_FORMATS = ["graphml", "gexf", "json", "csv"]


@pytest.fixture
def glossary(fixtures):
    return graph.load(fixtures / "skos" / "basic.ttl")


def _declared(glossary) -> set[tuple[str, str, str]]:
    return {(k.source, k.target, k.relation) for k in glossary.links}


def _write(glossary, fmt, path):
    return glossary.export(fmt, path)


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_formats_read_back_with_rdflib(glossary, tmp_path, fmt):
    [path] = _write(glossary, fmt, tmp_path / f"g.{fmt}")
    g = rdflib.Graph().parse(path, format=RDF_FORMATS[fmt])
    concepts = {str(c) for c in g.subjects(RDF.type, SKOS.Concept)}
    assert concepts == {glossary.iri(t) for t in glossary}
    links = {(str(s), str(o), rel) for rel in ("broader", "narrower", "related")
             for s, o in g.subject_objects(SKOS[rel])}
    foreign = ("https://example.org/vocab/birds", "https://other.example/dinosaurs", "broader")
    assert links == {(glossary.iri(s), glossary.iri(t), r)
                     for s, t, r in _declared(glossary)} | {foreign}  # an IRI stays a link


def test_graphml_reads_back(glossary, tmp_path):
    [path] = _write(glossary, "graphml", tmp_path / "g.graphml")
    g = nx.read_graphml(path)
    assert set(g.nodes) == set(glossary.terms)
    assert {(u, v, d["relation"]) for u, v, d in g.edges(data=True)} == _declared(glossary)
    assert g.nodes["mammals"] == {
        "label": "Mammals", "aliases": "Mammalia; Mamals", "category": "Pets", "status": "",
        "degree": 4, "definition": "Animals that feed their young with milk.",
        "iri": "https://example.org/vocab/mammals"}


def test_gexf_reads_back(glossary, tmp_path):
    [path] = _write(glossary, "gexf", tmp_path / "g.gexf")
    g = nx.read_gexf(path)
    assert set(g.nodes) == set(glossary.terms)
    assert {(u, v, d["relation"]) for u, v, d in g.edges(data=True)} == _declared(glossary)
    assert g.nodes["dodo"]["label"] == "Dodo"
    assert g.nodes["dodo"]["status"] == "deprecated"
    assert g.nodes["birds"]["category"] == "Pets"
    assert g.nodes["birds"]["degree"] == 5


def test_node_link_json_reads_back(glossary, tmp_path):
    [path] = _write(glossary, "json", tmp_path / "g.json")
    g = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    assert set(g.nodes) == set(glossary.terms)
    assert {(u, v, d["relation"]) for u, v, d in g.edges(data=True)} == _declared(glossary)
    assert g.nodes["mammals"]["aliases"] == ["Mammalia", "Mamals"]


def test_csv_writes_terms_and_links(glossary, tmp_path):
    paths = _write(glossary, "csv", tmp_path / "g.csv")
    assert [p.name for p in paths] == ["g-terms.csv", "g-links.csv"]
    with paths[0].open(newline="") as handle:
        terms = list(csv.DictReader(handle))
    with paths[1].open(newline="") as handle:
        links = list(csv.DictReader(handle))
    assert [row["id"] for row in terms] == sorted(glossary.terms)
    assert {(r["source"], r["target"], r["relation"]) for r in links} == _declared(glossary)
    assert terms[0] == {"id": "animals", "label": "Animals", "aliases": "", "category": "",
                        "status": "", "degree": "4", "definition": "Living beings that move.",
                        "iri": "https://example.org/vocab/animals"}


def test_csv_into_a_folder(glossary, tmp_path):
    paths = _write(glossary, "csv", tmp_path / "tables")
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "tables/terms.csv", "tables/links.csv"]


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS) + NETWORK_FORMATS)
def test_exports_are_deterministic(fixtures, tmp_path, fmt):
    first = _write(graph.load(fixtures / "skos" / "basic.ttl"), fmt, tmp_path / "a" / f"g.{fmt}")
    second = _write(graph.load(fixtures / "skos" / "basic.ttl"), fmt, tmp_path / "b" / f"g.{fmt}")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_export_cli_default_path(fixtures, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "gexf", "--data",
                                      str(fixtures / "skos" / "basic.ttl")])
    assert result.exit_code == 0, result.output
    assert result.output == "Wrote exports/example-vocabulary.gexf\n"
    assert nx.read_gexf(tmp_path / "exports" / "example-vocabulary.gexf").number_of_nodes() == 4


def test_export_cli_output_option(fixtures, tmp_path):
    out = tmp_path / "x.csv"
    result = CliRunner().invoke(cli, ["export", "csv", "--data",
                                      str(fixtures / "skos" / "basic.ttl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {tmp_path}/x-terms.csv\nWrote {tmp_path}/x-links.csv\n"


def test_export_cli_unknown_format_lists_known_ones(fixtures):
    result = CliRunner().invoke(cli, ["export", "png", "--data",
                                      str(fixtures / "skos" / "basic.ttl")])
    assert result.exit_code == 2
    assert f"unknown format 'png'; known formats: {', '.join(format_names())}" in result.output


def test_export_cli_html_options_only_for_html(fixtures):
    result = CliRunner().invoke(cli, ["export", "ttl", "--focus", "Birds", "--data",
                                      str(fixtures / "skos" / "basic.ttl")])
    assert result.exit_code == 2
    assert "apply to the html format only" in result.output


def test_export_help_lists_formats():
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert ", ".join(format_names()) in " ".join(result.output.split())


@pytest.mark.realdata
def test_physh_gexf_opens_in_networkx(physh, tmp_path):
    glossary = graph.load(physh)
    [path] = glossary.export("gexf", tmp_path / "physh.gexf")
    g = nx.read_gexf(path)
    assert g.number_of_nodes() == 3925
    assert g.number_of_edges() == 4422 + 4422 + 783
