"""Lazy work: `check` builds no RDF and imports no pyvis, `sparql` runs no checks, views build once.

Each scenario runs in a fresh Python process, so that `sys.modules` tells
what was really imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SMALL = "tests/fixtures/small"

# Counts the builds of each view and the runs of the checks, in the child process.
_PRELUDE = """
import json, sys
import graph.views.nx, graph.views.skos, graph.checks
from graph.views.nx import nx_view
from graph.views.skos import store_of
calls = {"build_nx": 0, "build_store": 0, "run_checks": 0}

def counting(module, name):
    original = getattr(module, name)
    def wrapper(*args, **kwargs):
        calls[name] += 1
        return original(*args, **kwargs)
    setattr(module, name, wrapper)

counting(graph.views.nx, "build_nx")
counting(graph.views.skos, "build_store")
counting(graph.checks, "run_checks")

def cli(*args):
    from graph.cli import cli as command
    try:
        command([*args], prog_name="glossgraph", standalone_mode=False)
    except SystemExit:
        pass

def report(**extra):
    modules = {name: name in sys.modules for name in ("pyvis", "rdflib", "oxrdflib")}
    print(json.dumps({**calls, **modules, **extra}))
"""


def run_child(body: str) -> dict:
    code = _PRELUDE + textwrap.dedent(body)
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_api_check_builds_no_store_and_imports_no_pyvis():
    seen = run_child(f"""
        import graph
        glossary = graph.load({SMALL!r})
        graph.check(glossary)
        report(store_built="store" in glossary.__dict__, rdf_built="rdf" in glossary.__dict__)
    """)
    assert seen["pyvis"] is False and seen["store_built"] is False and seen["rdf_built"] is False
    assert seen["build_store"] == 0 and seen["build_nx"] == 0 and seen["run_checks"] == 1


def test_cli_check_builds_no_store_and_imports_no_pyvis():
    seen = run_child(f"""
        cli("check", "--data", {SMALL!r}, "--no-cache")
        report()
    """)
    assert seen["pyvis"] is False and seen["rdflib"] is False
    assert seen["build_store"] == 0 and seen["build_nx"] == 0 and seen["run_checks"] == 1


def test_cli_sparql_runs_no_checks():
    seen = run_child(f"""
        cli("sparql", "--data", {SMALL!r}, "--no-cache", "SELECT ?c WHERE {{ ?c a skos:Concept }}")
        cli("sparql", "--data", {SMALL!r}, "--no-cache", "--name", "orphans")
        report()
    """)
    assert seen["run_checks"] == 0 and seen["pyvis"] is False
    assert seen["build_store"] == 2  # one per command, each on its own glossary


def test_cli_export_ttl_imports_no_pyvis(tmp_path):
    seen = run_child(f"""
        cli("export", "ttl", "--data", {SMALL!r}, "--no-cache", "--output", {str(tmp_path / "g.ttl")!r})
        report()
    """)
    assert seen["pyvis"] is False and seen["run_checks"] == 0


def test_views_are_built_once_per_glossary():
    seen = run_child(f"""
        import graph
        glossary = graph.load({SMALL!r})
        same_nx = nx_view(glossary) is nx_view(glossary)
        same_store = store_of(glossary) is store_of(glossary)
        glossary.sparql("SELECT ?c WHERE {{ ?c a skos:Concept }}")
        graph.check(glossary)
        graph.check(glossary)
        report(same_nx=same_nx, same_store=same_store)
    """)
    assert seen["same_nx"] and seen["same_store"]
    assert seen["build_nx"] == 1 and seen["build_store"] == 1 and seen["run_checks"] == 2


@pytest.mark.parametrize("command", ["stats", "show alpha", "tree", "path alpha gamma"])
def test_exploration_builds_no_store(command):
    args = ", ".join(repr(part) for part in command.split())
    seen = run_child(f"""
        cli({args}, "--data", {SMALL!r}, "--no-cache")
        report()
    """)
    assert seen["build_store"] == 0 and seen["run_checks"] == 0 and seen["pyvis"] is False


def test_loading_and_the_rule_catalogue_import_no_networkx():
    code = "import sys, graph.checks, graph.cache, graph.sources; print('networkx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.strip() == "False", result.stderr  # imported after a check forks, where used
