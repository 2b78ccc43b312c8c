"""The README stays true: every command has a row, the set-up commands match CI."""

from __future__ import annotations

import re

from graph.cli import cli
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_a_row_in_the_command_table():
    rows = set(re.findall(r"^\| `glossgraph ([a-z-]+)", README, flags=re.MULTILINE))
    missing = sorted(set(cli.list_commands(None)) - rows)
    assert missing == [], f"commands without a README row: {missing}"
    unknown = sorted(rows - set(cli.list_commands(None)))
    assert unknown == [], f"README rows for commands that do not exist: {unknown}"


def test_ci_runs_the_readme_test_command():
    test_command = "pip install -e '.[test]' && python -m pytest"
    assert test_command in README
    assert test_command in (PROJECT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_has_the_main_job_command():
    assert "pip install -e . && glossgraph build" in README
