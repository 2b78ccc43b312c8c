"""A glosario-shaped glossary (Carpentries: one YAML list, a block per language, `ref` naming
related entries by slug) loads by configuration only (`fields` in glossgraph.toml).

Every expectation is computed here from the YAML with plain PyYAML, not with glossgraph's code.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib
import yaml
from click.testing import CliRunner
from rdflib.namespace import SKOS

import graph
from graph import cache as cache_module
from graph import result_cache
from graph.cli import cli

BASE = "https://example.org/glosario/"
GG = "https://w3id.org/glossgraph/ns#"


@pytest.fixture
def glosario(fixtures, tmp_path) -> Path:
    """A copy of the fixture folder (checks write a cache next to the data)."""
    folder = tmp_path / "glosario"
    shutil.copytree(fixtures / "glosario", folder)
    return folder


def _entries(folder: Path) -> list[dict]:
    return yaml.safe_load((folder / "glossary.yml").read_text(encoding="utf-8"))


def _languages(entry: dict) -> dict[str, dict]:
    return {key: value for key, value in entry.items() if isinstance(value, dict)}


def _expected_links(entries: list[dict]) -> tuple[set, list]:
    slugs = {entry["slug"] for entry in entries}
    links = {(entry["slug"], ref) for entry in entries for ref in entry.get("ref", []) if ref in slugs}
    missing = [(entry["slug"], ref) for entry in entries for ref in entry.get("ref", [])
               if ref not in slugs]
    return links, missing


def test_it_loads_with_configuration_only(glosario):
    entries = _entries(glosario)
    glossary = graph.load(glosario / "glossary.yml")
    assert glossary.load_findings == []
    assert sorted(glossary.terms) == sorted(entry["slug"] for entry in entries)
    for entry in entries:
        term = glossary.terms[entry["slug"]]
        blocks = _languages(entry)
        assert term.label == blocks["en"]["term"]
        assert term.short_def == blocks["en"]["def"]
        assert term.aliases == ([blocks["en"]["acronym"]] if "acronym" in blocks["en"] else [])
        others = {lang: block for lang, block in blocks.items() if lang != "en"}
        expected = {}
        if others:
            expected["labels"] = {lang: block["term"] for lang, block in others.items()}
            expected["definitions"] = {lang: block["def"] for lang, block in others.items()}
        acronyms = {lang: block["acronym"] for lang, block in others.items() if "acronym" in block}
        if acronyms:
            expected["alt_labels"] = acronyms
        assert term.extra == expected, entry["slug"]  # nothing else: no gg:extra
        assert term.field_errors == []
        assert glossary.iri(term) == BASE + entry["slug"]


def test_every_ref_is_a_related_link_resolved_by_slug(glosario):
    links, missing = _expected_links(_entries(glosario))
    glossary = graph.load(glosario / "glossary.yml")
    found = {(link.source, link.target) for link in glossary.links}
    assert {link.relation for link in glossary.links} == {"related"}
    assert {link.via for link in glossary.links} == {"id"}
    assert found == links and len(glossary.links) == len(links)
    assert [(item.source, item.reference.text) for item in glossary.unresolved] == missing
    assert glossary.ambiguous == []


def _line_of_ref(folder: Path, slug: str, ref: str) -> tuple[int, int]:
    """Where `ref` is written in the `ref` list of entry `slug` (PyYAML's own node marks)."""
    document = yaml.compose((folder / "glossary.yml").read_text(encoding="utf-8"))
    for entry in document.value:
        fields = {key.value: value for key, value in entry.value}
        if fields["slug"].value == slug:
            item = next(node for node in fields["ref"].value if node.value == ref)
            return item.start_mark.line + 1, item.start_mark.column + 1
    raise AssertionError(slug)


def test_check_findings_are_exact(glosario, monkeypatch):
    monkeypatch.chdir(glosario)
    entries = _entries(glosario)
    links, missing = _expected_links(entries)
    label = {entry["slug"]: entry["en"]["term"] for entry in entries}
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    findings = json.loads(result.output)["findings"]
    got = sorted((f["code"], f["file"], f["line"], f["column"], f["term"], f["target"])
                 for f in findings)
    expected = [("GG101", "glossary.yml", *_line_of_ref(glosario, slug, ref), label[slug], ref)
                for slug, ref in missing]
    expected += [("GG203", "glossary.yml", *_line_of_ref(glosario, a, b), label[a], label[b])
                 for a, b in links if (b, a) not in links]
    # glosario keeps no review date: GG403 (info) at each entry
    document = yaml.compose((glosario / "glossary.yml").read_text(encoding="utf-8"))
    expected += [("GG403", "glossary.yml", node.start_mark.line + 1, node.start_mark.column + 1,
                  label[entry["slug"]], None) for entry, node in zip(entries, document.value)
                 if "last_reviewed" not in entry]
    assert got == sorted(expected)
    assert result.exit_code == 1


def test_export_has_the_labels_of_every_language_and_the_related_links(glosario, tmp_path):
    entries = _entries(glosario)
    out = tmp_path / "glosario.ttl"
    result = CliRunner().invoke(cli, ["export", "ttl", "--data", str(glosario / "glossary.yml"),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    rdf = rdflib.Graph().parse(out)
    for entry in entries:
        concept = rdflib.URIRef(BASE + entry["slug"])
        blocks = _languages(entry)
        assert set(rdf.objects(concept, SKOS.prefLabel)) == {
            rdflib.Literal(block["term"], lang=lang) for lang, block in blocks.items()}
        assert set(rdf.objects(concept, SKOS.definition)) == {
            rdflib.Literal(block["def"], lang=lang) for lang, block in blocks.items()}
        assert set(rdf.objects(concept, SKOS.altLabel)) == {
            rdflib.Literal(block["acronym"], lang=lang) for lang, block in blocks.items()
            if "acronym" in block}
    links, _ = _expected_links(entries)
    related = {(str(s)[len(BASE):], str(o)[len(BASE):]) for s, o in rdf.subject_objects(SKOS.related)}
    assert related == links
    assert list(rdf.triples((None, rdflib.URIRef(GG + "extra"), None))) == []


def _comparable(rdf: rdflib.Graph) -> set:
    return {triple for triple in rdf if not str(triple[1]).startswith(GG)}


def test_it_round_trips_through_skos(glosario, tmp_path):
    entries = _entries(glosario)
    runner = CliRunner()
    first = tmp_path / "first.ttl"
    assert runner.invoke(cli, ["export", "ttl", "--data", str(glosario / "glossary.yml"),
                               "-o", str(first)]).exit_code == 0
    result = runner.invoke(cli, ["import", str(first), "--to", str(tmp_path / "back")])
    assert result.exit_code == 0, result.output
    back = graph.load(tmp_path / "back")
    assert sorted(back.iri(term) for term in back) == sorted(BASE + e["slug"] for e in entries)
    links, missing = _expected_links(entries)
    assert {(back.iri(link.source)[len(BASE):], back.iri(link.target)[len(BASE):])
            for link in back.links} == links
    assert len(back.unresolved) == len(missing)
    for entry in entries:
        term = next(t for t in back if back.iri(t) == BASE + entry["slug"])
        blocks = _languages(entry)
        assert term.label == blocks["en"]["term"] and term.short_def == blocks["en"]["def"]
        assert term.extra.get("labels", {}) == {lang: block["term"] for lang, block in blocks.items()
                                                if lang != "en"}
    second = tmp_path / "second.ttl"
    assert runner.invoke(cli, ["export", "ttl", "--data", str(tmp_path / "back"),
                               "-o", str(second)]).exit_code == 0
    assert _comparable(rdflib.Graph().parse(first)) == _comparable(rdflib.Graph().parse(second))


def _check(folder: Path, *options: str) -> list:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--data",
                                      str(folder / "glossary.yml"), *options])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def test_the_caches_key_on_the_field_configuration(glosario, monkeypatch):
    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)  # the copy is new: store it anyway
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    first = _check(glosario)
    stored = {p.name.split("-")[0].split(".")[0] for p in (glosario / ".glossgraph-cache").iterdir()}
    assert {"parse", "check"} <= stored
    assert _check(glosario) == first  # read back from the cache
    config = glosario / "glossgraph.toml"
    config.write_text(config.read_text().replace('related = "ref"', '# related = "ref"'))
    changed = _check(glosario)
    assert changed == _check(glosario, "--no-cache")
    assert changed != first and {f["code"] for f in changed} == {"GG403"}  # no links: no GG101, GG203
    config.write_text(config.read_text().replace('# related = "ref"', 'related = "ref"'))
    assert _check(glosario) == first == _check(glosario, "--no-cache")


@pytest.mark.parametrize(("setting", "message"), [
    ('title = "en.term"', "fields: unknown field 'title' (known: term, aliases,"),
    ('term = "*.term"', "fields.term = '*.term': a per-language pattern ('*.key') fills a language "
                        "map only (labels, alt_labels, other_hidden_labels, definitions, scope_notes)"),
    ('labels = "en..term"', "fields.labels = 'en..term' is neither a key, a dotted path ('en.term') "
                            "nor a per-language pattern ('*.term')"),
    ('aliases = "en.term"', "fields.aliases reads 'en.term', which fields.term reads already"),
    ("term = 3", "fields.term should be text (a key or a dotted path such as 'en.term'), not int"),
])
def test_a_bad_field_setting_is_one_clear_line(glosario, setting, message):
    config = glosario / "glossgraph.toml"
    name = setting.split(" = ")[0]
    lines = [line for line in config.read_text().splitlines() if not line.startswith(f"{name} =")]
    config.write_text("\n".join(lines) + f"\n{setting}\n")
    result = CliRunner().invoke(cli, ["check", "--data", str(glosario / "glossary.yml")])
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert first.startswith(f"Error: {config}: {message}"), result.output
    assert "Traceback" not in result.output
