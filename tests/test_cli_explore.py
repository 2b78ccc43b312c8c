"""The exploration commands through CliRunner: exact output on a small fixture, errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.cli import cli


@pytest.fixture
def run(fixtures, monkeypatch):
    monkeypatch.chdir(fixtures.parent.parent)  # paths shown relative to the project
    runner = CliRunner()

    def invoke(*args: str, data: str | None = "tests/fixtures/small"):
        extra = ["--data", data, "--no-cache"] if data else []
        return runner.invoke(cli, [*args, *extra], catch_exceptions=False)

    return invoke


def test_stats_text(run):
    result = run("stats")
    assert result.exit_code == 0
    assert result.output == """\
Glossary:      small (tests/fixtures/small)
Terms:         4 in 4 files
Links:         5 declared (broader 2, narrower 1, related 2)
References:    6 (5 resolved, 1 unresolved, 0 ambiguous)
Top concepts:  2: alpha, delta
Depth:         2 levels
Components:    2
Load problems: 0
Categories:
      3  Letters
      2  Sounds
Statuses:
      1  approved
      1  deprecated
      1  draft
      1  reviewed
"""


def test_stats_json(run):
    data = json.loads(run("stats", "--format", "json").output)
    assert data["terms"] == 4 and data["unresolved"] == 1
    assert data["links"] == {"broader": 2, "narrower": 1, "related": 2}


def test_show_card(run):
    result = run("show", "b-letter")
    assert result.exit_code == 0
    assert result.output == """\
beta
  aliases: b-letter
  categories: Letters
  status: reviewed

Definition
  The second letter.

Relations
  broader: alpha
  related: delt (not a term)
  linked from: alpha (narrower)

Source: tests/fixtures/small/terms/beta.yml:1
"""


def test_show_json_has_the_whole_card(run):
    card = json.loads(run("show", "gamma", "--format", "json").output)
    assert card["broader"] == ["alpha"] and card["related"] == ["alpha"]
    assert card["owner"] == "greek desk"
    assert card["linked_from"] == [{"term": "alpha", "relation": "related"}]


def test_show_unknown_term_suggests(run):
    result = run("show", "gama")
    assert result.exit_code == 2
    assert result.output == "Error: no term named 'gama'\nHint: did you mean 'gamma'?\n"


def test_search_is_typo_tolerant(run):
    result = run("search", "btea")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].endswith("beta")


def test_path_names_relations(run):
    result = run("path", "beta", "gamma")
    assert result.output == "beta --broader--> alpha --related--> gamma\n(2 links)\n"


def test_path_between_unconnected_terms(run):
    result = run("path", "beta", "delta")
    assert result.exit_code == 2
    assert "no path of links between 'beta' and 'delta'" in result.output


def test_tree(run):
    assert run("tree").output == "alpha\n├── beta\n└── gamma\ndelta\n"
    assert run("tree", "alpha", "--depth", "0").output == "alpha ...\n"


def test_tree_survives_cycles(tmp_path, run):
    for name, parent in (("p", "r"), ("q", "p"), ("r", "q")):
        (tmp_path / f"{name}.yml").write_text(f"term: {name}\nrelationships: {{broader: [{parent}]}}\n")
    result = run("tree", data=str(tmp_path))
    assert result.exit_code == 0
    assert "(in broader cycles, under no top concept: p, q, r)" in result.output
    assert run("tree", "p", data=str(tmp_path)).output == "p\n└── q\n    └── r\n        └── p (cycle)\n"


def test_neighbors(run):
    result = run("neighbors", "beta", "--depth", "2")
    assert result.output == "beta: 2 terms within 2 link(s)\n  1  alpha\n  2  gamma\n"


def test_missing_data_path_is_one_line(run):
    result = run("stats", data="no/such/place")
    assert result.exit_code == 2
    assert result.output == "Error: data path not found: no/such/place\nHint: pass --data PATH\n"


def test_debug_shows_the_traceback(run, fixtures):
    runner = CliRunner()
    result = runner.invoke(cli, ["--debug", "stats", "--data", "no/such/place"])
    assert result.exit_code == 1 and result.exception is not None


def test_every_command_has_help():
    runner = CliRunner()
    for name in cli.list_commands(None):
        command = cli.get_command(None, name)
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, f"{name} has no help text"


def test_command_modules_name_every_command_exactly():
    import importlib
    import pkgutil

    from graph import commands
    from graph.cli import COMMAND_MODULES

    found = {}
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"graph.commands.{info.name}")
        found.update({command.name: info.name for command in getattr(module, "COMMANDS", ())})
    assert found == COMMAND_MODULES


def test_a_command_imports_only_its_own_module():
    import subprocess
    import sys

    code = ("import sys; from graph.cli import cli; cli.get_command(None, 'rules'); "
            "print(sorted(m for m in sys.modules if m.startswith('graph.commands.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['graph.commands.check', 'graph.commands.options']"


def test_activity_line_only_for_slow_steps(capsys):
    import time

    from graph.commands.options import Activity

    with Activity("Writing x", delay=0.05, enabled=True):
        time.sleep(0.2)
    with Activity("Quick", delay=5, enabled=True):
        pass
    with Activity("Piped", delay=0.0, enabled=False):
        time.sleep(0.05)
    err = capsys.readouterr().err
    assert err.startswith("Writing x ... done in ") and "Quick" not in err and "Piped" not in err
