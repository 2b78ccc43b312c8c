"""GG307 duplicate-id: two terms never silently become one concept (identity in RDF is the IRI).

Without the rule, two YAML terms with one `iri` were exported as a single
concept with two English prefLabels and a link to itself, and every check
passed; a glosario entry repeating another's slug was exported as `slug-2`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import SKOS

from graph.cli import cli

IRI = "https://example.org/t/x"


def _check(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["check", *args, "--select", "GG307", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def _term(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def two_terms(tmp_path) -> Path:
    folder = tmp_path / "terms"
    folder.mkdir()
    _term(folder, "alpha.yml", f"term: alpha\niri: {IRI}\nshort_def: The first.\n")
    _term(folder, "beta.yml", "term: beta\nshort_def: The second.\nrelationships:\n  related: [alpha]\n")
    return folder


def test_two_terms_with_one_iri_are_an_error_at_the_second(two_terms):
    assert _check(str(two_terms), "--no-cache") == []
    _term(two_terms, "beta.yml", f"term: beta\niri: {IRI}\nshort_def: The second.\n"
                                 "relationships:\n  related: [alpha]\n")
    found = _check(str(two_terms), "--no-cache")
    assert [(f["code"], f["severity"], Path(f["file"]).name, f["line"], f["column"]) for f in found] == [
        ("GG307", "error", "beta.yml", 2, 1)]
    assert found[0]["message"].startswith(f"'beta' has the IRI <{IRI}> of 'alpha' (")
    assert found[0]["message"].endswith("alpha.yml:1:1)")
    # why it is an error: in RDF the two are one concept with two English prefLabels
    turtle = CliRunner().invoke(cli, ["export", "ttl", "-o", "-", str(two_terms)]).output
    rdf = rdflib.Graph().parse(data=turtle, format="turtle")
    assert {str(label) for label in rdf.objects(rdflib.URIRef(IRI), SKOS.prefLabel)} == {"alpha", "beta"}


def test_an_iri_equal_to_another_terms_base_iri_and_slug(tmp_path):
    folder = tmp_path / "terms"
    folder.mkdir()
    (tmp_path / "glossgraph.toml").write_text('base_iri = "https://example.org/t/"\n', encoding="utf-8")
    _term(folder, "x.yml", "term: x\nshort_def: Named x.\n")
    _term(folder, "y.yml", f"term: y\niri: {IRI}\nshort_def: Claims x's IRI.\n")
    found = _check(str(folder), "--no-cache")
    assert [(f["term"], f["target"], Path(f["file"]).name) for f in found] == [("y", "x", "y.yml")]


def test_the_cached_check_sees_an_iri_edit(two_terms):
    """An edit of `iri` alone (kept in `extra`): the cached check must not go stale."""
    assert _check(str(two_terms)) == []
    _term(two_terms, "beta.yml", f"term: beta\niri: {IRI}\nshort_def: The second.\n"
                                 "relationships:\n  related: [alpha]\n")
    cached = _check(str(two_terms))
    assert [f["code"] for f in cached] == ["GG307"]
    assert cached == _check(str(two_terms), "--no-cache")


def test_a_repeated_glosario_slug(fixtures, tmp_path):
    folder = tmp_path / "glosario"
    shutil.copytree(fixtures / "glosario", folder)
    assert _check(str(folder), "--no-cache") == []
    data = folder / "glossary.yml"
    text = data.read_text(encoding="utf-8")
    assert "- slug: relative_path\n" in text
    data.write_text(text.replace("- slug: relative_path\n", "- slug: absolute_path\n"), encoding="utf-8")
    found = _check(str(folder), "--no-cache")
    assert [(f["term"], f["target"]) for f in found] == [("relative path", "absolute path")]
    line = text[:text.index("- slug: relative_path\n")].count("\n") + 1
    assert found[0]["line"] == line
    assert found[0]["message"].endswith("; it is exported as 'absolute_path-2'")


def test_no_false_alarm_on_the_sample(sample):
    assert _check(str(sample), "--no-cache") == []


@pytest.mark.realdata
def test_no_false_alarm_on_the_real_glossaries(ai_glossary, physh):
    assert _check(str(ai_glossary), "--no-cache") == []
    assert _check(str(physh), "--no-cache") == []
