"""A data file that cannot be loaded: every command but `check` exits 2 with the GG0xx reason;
`--context` lets every command read JSON-LD with a remote context, offline."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.cli import cli

BROKEN = ('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
          '<http://x/a> a skos:Concept ; skos:prefLabel "A"\n')
REMOTE = "https://example.org/contexts/skos-context.jsonld"
COMMANDS = [["stats"], ["sparql", "SELECT * WHERE {{ ?s ?p ?o }}"], ["export", "ttl", "-o", "{out}"],
            ["build", "--out", "{dir}"], ["show", "A"], ["tree"], ["search", "A"]]


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(BROKEN)
    return path


def _run(args: list[str], tmp_path) -> object:
    args = [a.format(out=tmp_path / "out.ttl", dir=tmp_path / "site") for a in args]
    return CliRunner().invoke(cli, args)


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_file_that_fails_to_load_exits_2_with_the_reason(broken, tmp_path, command):
    result = _run([*command, "--data", str(broken)], tmp_path)
    assert result.exit_code == 2, result.output
    assert "nothing could be loaded from" in result.output
    assert "broken.ttl:3: GG005 cannot read turtle RDF" in result.output
    assert not (tmp_path / "out.ttl").exists()


def test_check_reports_it_as_a_finding(broken):
    result = CliRunner().invoke(cli, ["check", "--data", str(broken), "--no-cache"])
    assert result.exit_code == 1
    assert "GG005" in result.output


@pytest.mark.parametrize("command", [["check", "--no-cache"], ["stats"], ["show", "Oak"],
                                     ["export", "ttl", "-o", "{out}"]])
def test_context_works_on_every_command(fixtures, tmp_path, command):
    data = fixtures / "skos" / "remote-context.jsonld"
    local = fixtures / "skos" / "skos-context.jsonld"
    without = _run([*command, "--data", str(data)], tmp_path)
    assert without.exit_code in (1, 2) and "GG006" in without.output
    result = _run([*command, "--data", str(data), "--context", f"{REMOTE}={local}"], tmp_path)
    assert result.exit_code in (0, 1), result.output
    assert "GG006" not in result.output


def test_context_needs_url_and_file(fixtures):
    result = CliRunner().invoke(cli, ["stats", "--data", str(fixtures / "skos" / "basic.ttl"),
                                      "--context", "nofile"])
    assert result.exit_code == 2 and "expected URL=FILE" in result.output
