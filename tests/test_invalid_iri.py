"""An invalid IRI (or language tag) inside an otherwise readable RDF file is a GG005 finding at
its line; the triples naming it are left out and the rest of the file loads (Turtle, RDF/XML)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

import graph
from graph.cli import cli

V = "http://example.org/v/"
BAD_CONCEPT = f"invalid IRI <{V}bad concept> (Invalid IRI code point ' '): 3 triples naming it are left out"
BAD_LINK = f"invalid IRI <{V}not valid> (Invalid IRI code point ' '): 1 triple naming it is left out"
BAD_TAG = ("invalid language tag 'en gb' (The given language subtag is invalid): "
           "1 triple naming it is left out")
REST = "; the rest of the file loads"
#: file -> the GG005 findings, exactly: (line, message).
EXPECTED = {
    "invalid-iri.ttl": [(9, BAD_CONCEPT + REST), (13, BAD_LINK + REST)],
    "invalid-iri.rdf": [(10, BAD_CONCEPT + REST), (17, BAD_LINK + REST), (22, BAD_TAG + REST)],
}


@pytest.fixture(params=sorted(EXPECTED))
def vocab(request, fixtures):
    return fixtures / "skos" / request.param


def test_each_invalid_iri_is_one_gg005_at_its_line(vocab):
    glossary = graph.load(vocab)
    found = [(f.code, f.rule, f.file, f.line, f.message) for f in glossary.load_findings]
    assert found == [("GG005", "rdf-syntax", os.path.relpath(vocab), line, message)
                     for line, message in EXPECTED[vocab.name]]


def test_the_rest_of_the_file_loads(vocab):
    glossary = graph.load(vocab)
    assert sorted(glossary.iri(term) for term in glossary) == [V + "alpha", V + "beta", V + "gamma"]
    links = sorted((glossary.iri(link.source), link.relation, glossary.iri(link.target))
                   for link in glossary.links)
    assert links == [(V + "alpha", "narrower", V + "beta"), (V + "beta", "broader", V + "alpha"),
                     (V + "gamma", "related", V + "beta")]
    beta = glossary.find("Beta")
    # the triple after the invalid link in the same description is kept
    assert beta.short_def == "Kept: only the link to the invalid IRI is left out."
    assert glossary.unresolved == [] and glossary.scheme.title == "Invalid IRIs"


def test_check_reports_them_and_other_commands_run(vocab):
    runner = CliRunner()
    check = runner.invoke(cli, ["check", "--no-cache", "--format", "json", "--data", str(vocab)])
    assert check.exit_code == 1, check.output
    findings = json.loads(check.output)["findings"]
    codes = [(f["code"], f["line"]) for f in findings if f["code"] == "GG005"]
    assert codes == [("GG005", line) for line, _ in EXPECTED[vocab.name]]
    stats = runner.invoke(cli, ["stats", "--data", str(vocab)])
    assert stats.exit_code == 0, stats.output
    assert "Terms:         3 in 1 file" in stats.output
    assert f"Load problems: {len(EXPECTED[vocab.name])}" in stats.output


def test_a_real_syntax_error_still_refuses_the_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x/a b> <http://x/p> <http://x/o> .\n<http://x/c> oops .\n")
    glossary = graph.load(bad)
    assert len(glossary) == 0
    assert [(f.code, f.line) for f in glossary.load_findings] == [("GG005", 2)]


def test_import_refuses_a_file_with_an_invalid_iri_and_says_where(vocab, tmp_path):
    result = CliRunner().invoke(cli, ["import", str(vocab), "--to", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "invalid IRI <http://example.org/v/bad concept>" in result.output
    assert not (tmp_path / "out").exists()
