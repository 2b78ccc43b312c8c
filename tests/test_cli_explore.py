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


def test_path_between_unconnected_terms_is_an_empty_answer(run):
    result = run("path", "beta", "delta")
    assert result.exit_code == 1  # an empty answer, as grep; 2 is for usage errors
    assert (result.stdout, result.stderr) == ("", "no path of links between 'beta' and 'delta'\n")
    result = run("path", "beta", "delta", "--format", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "[]\n", "")


def test_search_without_a_match_is_an_empty_answer(run):
    result = run("search", "zzzzqqq")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "no term matches 'zzzzqqq'\n")
    result = run("search", "zzzzqqq", "--format", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "[]\n", "")


def test_path_of_one_link_says_link(run):
    assert run("path", "alpha", "beta").output == "alpha --narrower--> beta\n(1 link)\n"


def _write_terms(folder, terms: dict[str, str]) -> str:
    for name, body in terms.items():
        (folder / f"{name}.yml").write_text(f"term: {name}\n{body}", encoding="utf-8")
    return str(folder)


def test_search_scores_every_term_that_has_the_alias(tmp_path, run):
    data = _write_terms(tmp_path, {
        "fine-tuning": "aliases: [supervised fine-tuning]\n",
        "instruction tuning": "aliases: [supervised fine-tuning]\nshort_def: Supervised fine-tuning.\n",
        "pretraining": "short_def: Training before supervised fine-tuning.\n",
    })
    result = run("search", "supervised fine-tuning", data=data)
    assert result.exit_code == 0
    assert result.output == """\
100.0  fine-tuning  (alias: supervised fine-tuning)
100.0  instruction tuning  (alias: supervised fine-tuning)
       Supervised fine-tuning.
 80.0  pretraining  (definition: Training before supervised fine-tuning.)
       Training before supervised fine-tuning.
"""


def test_did_you_mean_offers_a_term_once(tmp_path, run):
    data = _write_terms(tmp_path, {"model card": "aliases: [model cards]\n", "data card": ""})
    result = run("show", "modl crd", data=data)
    assert result.output == "Error: no term named 'modl crd'\nHint: did you mean 'model card'?\n"


def test_tree(run):
    assert run("tree").output == "alpha\n├── beta\n└── gamma\ndelta\n"
    assert run("tree", "alpha", "--depth", "0").output == "alpha ...\n"


def test_a_depth_limit_is_not_a_cycle(run):
    assert run("tree", "--depth", "0").output == "alpha ...\ndelta\n"


def test_tree_depth_cut_on_real_data_names_no_cycle(ai_glossary, run):
    result = run("tree", "--depth", "0", data=str(ai_glossary))
    assert result.exit_code == 0 and "cycles" not in result.output


def test_tree_survives_cycles(tmp_path, run):
    for name, parent in (("p", "r"), ("q", "p"), ("r", "q")):
        (tmp_path / f"{name}.yml").write_text(f"term: {name}\nrelationships: {{broader: [{parent}]}}\n")
    result = run("tree", data=str(tmp_path))
    assert result.exit_code == 0
    assert "(in broader cycles, under no top concept: p, q, r)" in result.output
    assert run("tree", "p", data=str(tmp_path)).output == "p\n└── q\n    └── r\n        └── p (cycle)\n"


def test_neighbors(run):
    result = run("neighbors", "beta", "--depth", "2")
    assert result.output == "beta: 2 terms within 2 links\n  1  alpha\n  2  gamma\n"
    assert run("neighbors", "gamma").output.splitlines()[0] == "gamma: 1 term within 1 link"


def test_missing_data_path_is_one_line(run):
    result = run("stats", data="no/such/place")
    assert result.exit_code == 2
    assert result.output == "Error: data path not found: no/such/place\n"  # no hint: it was given


def test_missing_default_data_path_hints_at_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["stats"], prog_name="glossgraph")
    assert result.exit_code == 2
    assert result.output == ("Error: data path not found: data (the default data path)\n"
                             "Hint: give the glossary's path: glossgraph stats PATH (or --data PATH)\n")


def test_error_line_honours_no_color(monkeypatch):
    runner = CliRunner()
    colored = runner.invoke(cli, ["stats", "--data", "no/such/place"], color=True)
    assert colored.output.startswith("\x1b[31mError: data path not found")
    monkeypatch.setenv("NO_COLOR", "1")
    plain = runner.invoke(cli, ["stats", "--data", "no/such/place"], color=True)
    assert plain.output == "Error: data path not found: no/such/place\n"


def test_show_wraps_between_words_only(tmp_path, run):
    data = _write_terms(tmp_path, {"x": f"short_def: {'word ' * 14}human-in-the-loop review\n"})
    lines = run("show", "x", data=data).output.splitlines()
    at = lines.index("Definition")
    assert lines[at + 1:at + 3] == ["  " + ("word " * 14).strip(), "  human-in-the-loop review"]


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
