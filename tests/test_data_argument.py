"""The glossary's path as the last argument of every data command, as ruff and yamllint take it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.cli import cli

DATA = "tests/fixtures/small"

#: Every command that reads a glossary, with the arguments it needs before PATH.
DATA_COMMANDS = {
    "build": ["--out", "OUT"], "check": [], "fix": [], "stats": [], "show": ["beta"],
    "search": ["beta"], "path": ["beta", "gamma"], "tree": ["alpha"], "neighbors": ["beta"],
    "export": ["ttl", "-o", "OUT/x.ttl"], "sparql": ["ASK { ?s ?p ?o }"],
    "push": ["--endpoint", "http://127.0.0.1:9/store", "--timeout", "0.5"],
    "suggest": [],
}


@pytest.fixture
def run(fixtures, tmp_path, monkeypatch):
    monkeypatch.chdir(fixtures.parent.parent)
    (tmp_path / "OUT").mkdir()

    def invoke(*args: str):
        args = tuple(str(tmp_path / "OUT") + a[3:] if a.startswith("OUT") else a for a in args)
        return CliRunner().invoke(cli, [*args, "--no-cache"], catch_exceptions=False)

    return invoke


def test_the_table_names_every_data_command():
    names = {name for name in cli.list_commands(None)
             if any(p.name == "data" for p in cli.get_command(None, name).params)}
    assert names == set(DATA_COMMANDS)


@pytest.mark.parametrize("name", sorted(DATA_COMMANDS))
def test_path_argument_is_the_same_as_data(run, name):
    args = DATA_COMMANDS[name]
    by_option = run(name, *args, "--data", DATA)
    by_argument = run(name, *args, DATA)
    assert (by_argument.exit_code, by_argument.output) == (by_option.exit_code, by_option.output)
    assert by_argument.exit_code in (0, 1) or name == "push"  # push: nothing listens on port 9
    assert "no/such" not in by_argument.output
    usage = CliRunner().invoke(cli, [name, "--help"]).output.splitlines()[0]
    assert usage.endswith("[PATH]")


def test_path_and_the_same_data_agree(run):
    result = run("stats", "tests/fixtures/small/", "--data", DATA, "--format", "json")
    assert json.loads(result.output)["terms"] == 4


def test_path_and_a_different_data_is_a_usage_error(run):
    result = run("stats", DATA, "--data", "data")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: PATH 'tests/fixtures/small' and --data 'data' name different glossaries; give one\n")


def test_check_takes_the_path_as_ruff_does(run):
    result = run("check", DATA)
    assert result.exit_code == 1
    assert "Found 8 problems (3 errors, 2 warnings, 3 info) in 4 terms (4 files).\n" in result.output


def test_sparql_with_a_named_query_takes_the_path(run):
    by_argument = run("sparql", "--name", "top-concepts", DATA)
    assert by_argument.exit_code == 0
    assert by_argument.stdout == run("sparql", "--name", "top-concepts", "--data", DATA).stdout
    assert "alpha" in by_argument.stdout


def test_tree_with_only_a_path_when_there_is_no_default_glossary(fixtures, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["tree", str(fixtures / "small"), "--no-cache"])
    assert result.output == "alpha\n├── beta\n└── gamma\ndelta\n"


def test_tree_root_that_is_also_a_path_says_how_to_read_it(run):
    result = run("tree", "data", "--data", DATA)
    assert result.exit_code == 2
    assert result.output == ("Error: no term named 'data'\nHint: data is a path: to read the glossary "
                             "there, write `glossgraph tree --data data` or `glossgraph tree ROOT data`\n")
