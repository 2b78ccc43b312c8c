"""SKOS import: every RDF syntax, languages, deprecation, schemes, offline JSON-LD, the CLI."""

from __future__ import annotations

import socket
import time

import pytest
from click.testing import CliRunner

import graph
from graph.cli import cli
from graph.explore import glossary_stats
from graph.sources.skos import read_skos

SYNTAXES = ["basic.ttl", "basic.rdf", "basic.nt", "basic.nq", "basic.trig", "basic.jsonld"]
BASIC = {
    "animals": {"term": "Animals", "short_def": "Living beings that move.",
                "relationships": {"narrower": ["Birds", "Mammals"]}},
    "birds": {"term": "Birds", "categories": ["Pets"],
              "relationships": {"broader": ["Animals", "https://other.example/dinosaurs"],
                                "related": ["Mammals"]}},
    "dodo": {"term": "Dodo", "relationships": {"broader": ["Birds"]}, "status": "deprecated"},
    "mammals": {"term": "Mammals", "aliases": ["Mammalia", "Mamals"], "categories": ["Pets"],
                "short_def": "Animals that feed their young with milk.",
                "long_def": "Includes whales.\nExcludes birds.",
                "relationships": {"broader": ["Animals"], "related": ["Birds"]},
                "last_reviewed": "2024-05-01", "hidden_labels": ["Mamals"], "notation": "A.1"},
}
REMOTE = "https://example.org/contexts/skos-context.jsonld"


@pytest.fixture
def skos(fixtures):
    return fixtures / "skos"


@pytest.fixture
def no_network(monkeypatch):
    """Any socket connection fails: proves nothing is fetched."""
    calls = []

    def refuse(self, *args, **kwargs):
        calls.append(args)
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return calls


@pytest.mark.parametrize("name", SYNTAXES)
def test_every_syntax_gives_the_same_terms(skos, name, no_network):
    glossary = graph.load(skos / name)
    assert {term.id: term.to_dict() for term in glossary} == BASIC
    assert glossary.scheme.title == "Example Vocabulary"
    assert glossary.scheme.base_iri == "https://example.org/vocab/"
    assert glossary.load_findings == []
    assert no_network == []


def test_links_resolve_and_foreign_targets_stay_unresolved(skos):
    glossary = graph.load(skos / "basic.ttl")
    assert sorted((k.source, k.relation, k.target) for k in glossary.links) == [
        ("animals", "narrower", "birds"), ("animals", "narrower", "mammals"),
        ("birds", "broader", "animals"), ("birds", "related", "mammals"),
        ("dodo", "broader", "birds"), ("mammals", "broader", "animals"),
        ("mammals", "related", "birds")]
    assert [(u.source, u.reference.text) for u in glossary.unresolved] == [
        ("birds", "https://other.example/dinosaurs")]


def test_concept_iris_are_kept(skos):
    glossary = graph.load(skos / "basic.ttl")
    assert glossary.iri("mammals") == "https://example.org/vocab/mammals"
    dup = graph.load(skos / "duplicates.ttl")
    assert [dup.iri(t) for t in dup if t.label == "Bank"] == [
        "https://example.org/dup/bank1", "https://example.org/dup/bank2"]


def test_rdf_format_option_overrides_the_suffix(skos, tmp_path):
    target = tmp_path / "vocab.data"
    target.write_bytes((skos / "basic.nt").read_bytes())
    glossary = graph.load(target, rdf_format="nt")
    assert sorted(glossary.terms) == sorted(BASIC)


def test_english_first_then_untagged_then_any(skos):
    glossary = graph.load(skos / "multilingual.ttl")
    assert {t.id: t.label for t in glossary} == {
        "water": "Water", "ice": "Ice", "steam": "Steam", "neige": "Neige"}
    water = glossary.find("Water")
    assert water.extra["labels"] == {"de": "Wasser", "fr": "Eau"}
    assert water.extra["alt_labels"] == {"de": ["Flotte"]}
    assert water.extra["definitions"] == {"fr": ["Un liquide clair."]}
    assert water.aliases == ["H2O"] and water.short_def == "A clear liquid."
    assert glossary.find("Ice").extra["labels"] == {"fr": "Glace"}
    assert glossary.scheme.language == "en"


def test_lang_option_chooses_the_label_language(skos):
    glossary = graph.load(skos / "multilingual.ttl", lang="fr")
    assert sorted(t.label for t in glossary) == ["Eau", "Glace", "Neige", "Vapeur"]
    eau = glossary.find("Eau")
    assert eau.short_def == "Un liquide clair."
    assert eau.extra["labels"] == {"de": "Wasser", "en": "Water"}
    assert eau.extra["iri"] == "https://example.org/lang/water"
    assert [link.target for link in glossary.links if link.source == eau.id] == ["glace"]


def test_deprecated_concepts(skos):
    glossary = graph.load(skos / "basic.ttl")
    assert [t.label for t in glossary if t.is_deprecated] == ["Dodo"]


def test_several_schemes_are_kept_apart(skos):
    """inScheme, topConceptOf and hasTopConcept are kept as the file states them."""
    glossary = graph.load(skos / "multischeme.ttl")
    fields = ("scheme", "top_concept_of", "has_top_concept")
    schemes = {t.label: {k: t.extra[k] for k in fields if k in t.extra} for t in glossary}
    colours, shapes = "https://example.org/multi/colours", "https://example.org/multi/shapes"
    assert schemes == {
        "Crimson": {"scheme": [colours]},
        "Red": {"scheme": [colours], "top_concept_of": [colours], "has_top_concept": []},
        "Red square": {"scheme": [colours, shapes]},
        "Square": {"scheme": [], "has_top_concept": [shapes]}}


def test_one_scheme_gives_no_scheme_field(skos):
    assert not any("scheme" in t.extra for t in graph.load(skos / "basic.ttl"))


def test_duplicate_labels_do_not_collide(skos, tmp_path):
    glossary = graph.load(skos / "duplicates.ttl")
    assert sorted(glossary.terms) == ["bank", "bank-2", "business", "land"]
    assert glossary.ambiguous == [] and glossary.unresolved == []
    assert len(glossary.links) == 4
    result = CliRunner().invoke(cli, ["import", str(skos / "duplicates.ttl"), "--to",
                                      str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.yml")) == [
        "bank-2.yml", "bank.yml", "business.yml", "land.yml"]
    again = graph.load(tmp_path / "out")
    assert sorted(again.iri(t) for t in again if t.label == "Bank") == [
        "https://example.org/dup/bank1", "https://example.org/dup/bank2"]
    assert len(again.links) == 4 and again.ambiguous == []


def test_remote_context_fails_clearly_without_network(skos, no_network):
    terms, findings, _ = read_skos(skos / "remote-context.jsonld", "json-ld")
    assert terms == []
    assert [(f.code, f.rule) for f in findings] == [("GG006", "remote-context")]
    assert f"JSON-LD @context '{REMOTE}' is remote" in findings[0].message
    assert "never fetches from the network" in findings[0].message
    assert no_network == []


def test_remote_context_through_load_is_a_load_finding(skos, no_network):
    glossary = graph.load(skos / "remote-context.jsonld")
    assert len(glossary) == 0
    assert [f.code for f in glossary.load_findings] == ["GG006"]


def test_remote_context_with_a_local_copy(skos, no_network):
    contexts = {REMOTE: skos / "skos-context.jsonld"}
    terms, findings, _ = read_skos(skos / "remote-context.jsonld", contexts=contexts)
    assert findings == []
    assert {t.label: t.to_dict() for t in terms} == {
        "Oak": {"term": "Oak", "relationships": {"broader": ["Tree"]}, "scheme": []},
        "Tree": {"term": "Tree", "short_def": "A woody perennial plant.", "scheme": []}}
    assert no_network == []


def test_import_cli_remote_context(skos, tmp_path, no_network):
    args = ["import", str(skos / "remote-context.jsonld"), "--to", str(tmp_path / "a")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "is remote; glossgraph never fetches from the network" in result.output
    result = CliRunner().invoke(cli, [*args, "--context", f"{REMOTE}={skos / 'skos-context.jsonld'}"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "glossgraph.toml", "oak.yml", "tree.yml"]


def test_broken_rdf_is_a_load_finding(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle .\n")
    glossary = graph.load(bad)
    assert len(glossary) == 0
    assert [f.code for f in glossary.load_findings] == ["GG005"]


def test_a_turtle_syntax_error_points_at_its_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                   '<http://x/a> a skos:Concept ;\n  skos:prefLabel "A" .\n'
                   '<http://x/b> a skos:Concept ; skos:prefLabel "B" ;;; oops .\n')
    (finding,) = graph.load(bad).load_findings
    assert (finding.code, finding.line, finding.column) == ("GG005", 4, 54)  # where "oops" starts
    assert "oops" in finding.message


def test_import_writes_yaml_and_refuses_to_overwrite(skos, tmp_path):
    out = tmp_path / "vocab"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(skos / "basic.ttl"), "--to", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == (f"Wrote 4 terms (7 links, 1 unresolved) and {out}/glossgraph.toml "
                             f"to {out}/\n")
    assert (out / "mammals.yml").read_text() == (
        "term: Mammals\naliases:\n- Mammalia\n- Mamals\ncategories:\n- Pets\n"
        "short_def: Animals that feed their young with milk.\n"
        "long_def: |-\n  Includes whales.\n  Excludes birds.\n"
        "relationships:\n  broader:\n  - Animals\n  related:\n  - Birds\n"
        "last_reviewed: '2024-05-01'\nhidden_labels:\n- Mamals\nnotation: A.1\n")
    before = (out / "mammals.yml").stat().st_mtime_ns
    result = runner.invoke(cli, ["import", str(skos / "basic.ttl"), "--to", str(out)])
    assert result.exit_code == 2
    assert "refusing to overwrite 5 existing file(s)" in result.output
    assert "--force" in result.output
    assert (out / "mammals.yml").stat().st_mtime_ns == before
    result = runner.invoke(cli, ["import", str(skos / "basic.ttl"), "--to", str(out), "--force"])
    assert result.exit_code == 0, result.output
    again = graph.load(out)
    assert {t.id: t.to_dict() for t in again} == BASIC
    assert again.scheme.title == "Example Vocabulary"


def test_import_cli_errors(skos, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(tmp_path / "none.ttl"), "--to", str(tmp_path)])
    assert result.exit_code == 2 and "vocabulary not found" in result.output
    odd = tmp_path / "vocab.data"
    odd.write_text("")
    result = runner.invoke(cli, ["import", str(odd), "--to", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--rdf-format" in result.output


def test_stats_on_a_skos_file(skos):
    result = CliRunner().invoke(cli, ["stats", "--data", str(skos / "basic.ttl")])
    assert result.exit_code == 0, result.output
    assert "Terms:         4 in 1 file\n" in result.output
    assert "Links:         7 declared (broader 3, narrower 2, related 2)" in result.output


@pytest.mark.realdata
def test_physh_counts_equal_rdflib(physh):
    import rdflib
    from rdflib.namespace import RDF, SKOS

    reference = rdflib.Graph().parse(physh)
    concepts = set(reference.subjects(RDF.type, SKOS.Concept))
    started = time.perf_counter()
    glossary = graph.load(physh)
    elapsed = time.perf_counter() - started
    counts = glossary_stats(glossary)["links"]
    assert len(glossary) == len(concepts) == 3925
    for relation in ("broader", "narrower", "related"):
        expected = len(set(reference.subject_objects(SKOS[relation])))
        assert counts[relation] == expected, relation
    assert glossary.unresolved == [] and glossary.ambiguous == []
    assert elapsed < 10


@pytest.mark.realdata
def test_physh_stats_cli(physh):
    result = CliRunner().invoke(cli, ["stats", "--data", str(physh)])
    assert result.exit_code == 0, result.output
    assert "Terms:         3925 in 1 file\n" in result.output
    assert "Links:         9627 declared (broader 4422, narrower 4422, related 783)" in result.output
