"""GG306: a concept without a prefLabel in the glossary's language is a finding, not a new label."""

from __future__ import annotations

from pathlib import Path

import rdflib
from click.testing import CliRunner
from rdflib.namespace import SKOS

import graph
from graph.checks import run_checks
from graph.cli import cli

FOLDER = Path(__file__).parent / "fixtures" / "checks" / "labels-skos"


def pinned(path: Path, **load) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in run_checks(graph.load(path, **load), select=["GG306"])]


def test_missing_preferred_label_bad():
    assert pinned(FOLDER / "bad.ttl") == [
        ("GG306", "'7' has no skos:prefLabel; it is shown by its skos:notation"),
        ("GG306", "'Chose' has no skos:prefLabel in 'en'; it is shown by its 'fr' label"),
        ("GG306", "'Widget' has no skos:prefLabel; it is shown by its rdfs:label"),
        ("GG306", "'bare' has no skos:prefLabel; it is shown by its IRI"),
    ]


def test_missing_preferred_label_good():
    assert pinned(FOLDER / "good.ttl") == []


def test_the_chosen_language_decides():
    assert pinned(FOLDER / "good.ttl", lang="fr") == [
        ("GG306", "'Colour' has no skos:prefLabel in 'fr'; it is shown by its 'en-gb' label")]


def test_the_display_order():
    glossary = graph.load(FOLDER / "bad.ttl")
    names = {glossary.iri(t).rsplit("/", 1)[-1]: t.label for t in glossary}
    # prefLabel in another variant of the language wins over rdfs:label
    assert names == {"top": "Top", "widget": "Widget", "gadget": "Gadget", "n7": "7",
                     "bare": "bare", "french": "Chose"}


def test_no_preflabel_is_invented_and_the_finding_survives_import(tmp_path):
    source = FOLDER / "bad.ttl"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(source), "--to", str(tmp_path / "yaml")])
    assert result.exit_code == 0, result.output
    imported = graph.load(tmp_path / "yaml")
    assert sorted((f.code, f.message) for f in run_checks(imported, select=["GG306"])) \
        == sorted(pinned(source))
    exported = rdflib.Graph().parse(data=imported.rdf.serialize(format="nt"), format="nt")
    ex = rdflib.Namespace("https://example.org/l/")
    assert [list(exported.objects(ex[name], SKOS.prefLabel)) for name in ("widget", "n7", "bare")] \
        == [[], [], []]
    assert list(exported.objects(ex.french, SKOS.prefLabel)) == [rdflib.Literal("Chose", lang="fr")]
