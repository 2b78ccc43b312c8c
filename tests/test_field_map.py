"""The field mapping's details: declared ids, dotted paths, positions, and fixes that write in
the mapped shape (the glosario fixture as a whole: tests/test_glosario.py)."""

from __future__ import annotations

import shutil

import pytest
import yaml
from click.testing import CliRunner

import graph
from graph.checks.fix import plan_fixes
from graph.cli import cli
from graph.sources.yaml_terms import parse_yaml_text

FIELDS = {"id": "slug", "term": "en.term", "short_def": "en.def", "labels": "*.term",
          "related": "ref", "aliases": "en.acronym"}


def _load(text: str) -> graph.Glossary:
    terms, findings = parse_yaml_text(text, "g.yml", field_map=FIELDS)
    return graph.Glossary(terms, load_findings=findings, config={"fields": FIELDS})


def test_a_declared_id_wins_over_a_label_or_alias_that_folds_the_same():
    glossary = _load("- slug: adt\n  en: {term: abstract data type}\n"
                     "- slug: other\n  en: {term: ADT, acronym: adt}\n  ref: [adt]\n")
    (link,) = glossary.links
    assert (link.source, link.target, link.via) == ("other", "adt", "id")
    assert glossary.iri("adt") == "https://example.org/glossary/adt"


def test_two_entries_declaring_one_id_make_its_references_ambiguous():
    glossary = _load("- slug: x\n  en: {term: one}\n- slug: x\n  en: {term: two}\n"
                     "- slug: y\n  en: {term: three}\n  ref: x\n")
    assert sorted(glossary.terms) == ["x", "x-2", "y"]
    (ambiguous,) = glossary.ambiguous
    assert ambiguous.candidates == ("x", "x-2") and ambiguous.reference.position.line == 7


def test_an_id_that_cannot_end_an_iri_is_a_field_error_and_the_slug_is_used():
    terms, _ = parse_yaml_text("- slug: a b\n  en: {term: Alpha}\n", "g.yml", field_map=FIELDS)
    (term,) = terms
    assert (term.id, term.declared_id) == ("alpha", None)
    (path, message, position) = term.field_errors[0]
    assert path == "id" and str(position) == "g.yml:1:3"
    assert message.startswith("'slug' 'a b' cannot be an id (it ends the term's IRI")


def test_a_missing_dotted_path_says_which_path():
    _, findings = parse_yaml_text("- slug: a\n  fr: {term: Alpha}\n", "g.yml", field_map=FIELDS)
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("GG003", 1, "not a term: the mapping has no 'en.term' field")]


def test_positions_point_into_the_nested_mapping_and_the_mapped_list():
    text = "- slug: a\n  ref:\n    - b\n    - c\n  en:\n    term: Alpha\n    acronym: A\n"
    (term,), _ = parse_yaml_text(text, "g.yml", field_map=FIELDS)
    assert term.positions["term"] == (6, 5) and term.positions["aliases"] == (7, 5)
    assert [str(ref.position) for ref in term.references] == ["g.yml:3:7", "g.yml:4:7"]
    assert term.aliases == ["A"] and term.extra == {}


def test_relations_written_and_mapped_are_both_kept():
    text = "- slug: a\n  ref: [b]\n  relationships:\n    related: [c]\n  en: {term: Alpha}\n"
    (term,), _ = parse_yaml_text(text, "g.yml", field_map=FIELDS)
    assert [(r.text, r.index, r.position.line) for r in term.references] == [("c", 0, 4), ("b", 1, 2)]


def test_what_the_mapping_does_not_read_is_kept(tmp_path):
    text = "- slug: a\n  en: {term: Alpha, note: kept}\n  source: glosario\n  de: {term: Alpha}\n"
    (term,), _ = parse_yaml_text(text, "g.yml", field_map=FIELDS)
    assert term.extra == {"en": {"note": "kept"}, "source": "glosario", "labels": {"de": "Alpha"}}


@pytest.fixture
def glosario(fixtures, tmp_path):
    folder = tmp_path / "glosario"
    shutil.copytree(fixtures / "glosario", folder)
    return folder


def test_fix_adds_the_missing_inverse_slugs_to_ref(glosario):
    glossary = graph.load(glosario / "glossary.yml")
    plan = plan_fixes(glossary, ["GG203"])
    one_way = [(f.term, f.target) for f in graph.check(glossary) if f.code == "GG203"]
    assert plan.count == len(one_way) > 0
    plan.apply()
    entries = {e["slug"]: e for e in yaml.safe_load((glosario / "glossary.yml").read_text())}
    for entry in entries.values():  # every ref is a slug; every related pair now goes both ways
        assert all(ref in entries or ref == "unix_shell" for ref in entry.get("ref", []))
        for ref in entry.get("ref", []):
            assert ref not in entries or entry["slug"] in entries[ref].get("ref", [])
    after = graph.load(glosario / "glossary.yml")
    assert [f for f in graph.check(after) if f.code == "GG203"] == []


def test_fix_leaves_an_entry_without_ref_alone_and_says_why(glosario):
    path = glosario / "glossary.yml"
    path.write_text(path.read_text().replace("- slug: repository\n  ref:\n    - version_control\n",
                                             "- slug: repository\n"))
    plan = plan_fixes(graph.load(path), ["GG203"])
    assert any("'repository' has no 'ref' (fields.related) to add 'git' to" in why
               for why in plan.skipped), plan.skipped
    assert "slug: repository\n  ref:" not in plan.diff() and "relationships:" not in plan.diff()


def test_show_finds_an_entry_by_its_slug(glosario):
    result = CliRunner().invoke(cli, ["show", "command_line_interface", "--data",
                                      str(glosario / "glossary.yml")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("command-line interface\n  aliases: CLI")


def test_suggest_write_leaves_mapped_links_to_the_author(glosario):
    before = (glosario / "glossary.yml").read_text()
    result = CliRunner().invoke(cli, ["suggest", "--write", "--data", str(glosario / "glossary.yml")])
    assert "links are read through fields.related; add the link by hand" in result.output
    assert (glosario / "glossary.yml").read_text() == before
