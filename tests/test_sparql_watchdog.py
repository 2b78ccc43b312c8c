"""The CLI's query watchdog: a deadline and a memory cap on a query run in process.

Each stopping case runs `glossgraph` in a subprocess (the watchdog ends the
process it runs in), on a generated chain glossary whose cross joins run for
minutes unless stopped. The memory cap is tested in tests/test_hostile_rdf.py.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hostile_util import chain_glossary, run_glossgraph

import graph
from graph.cli import cli
from graph.query import prefixes_for, sparql_to
from graph.views.skos import store_of

COUNT_CROSS = ("SELECT (COUNT(*) AS ?n) WHERE { ?a skos:prefLabel ?x . ?b skos:prefLabel ?y . "
               "?c skos:prefLabel ?z . ?d skos:prefLabel ?w }")
DEADLINE_LINES = ["Error: query stopped after the 1 s timeout",
                  "Hint: narrow the query, add a LIMIT, or raise --timeout"]
_NAMED_CROSS = ("import dataclasses, sys; sys.argv[0] = 'glossgraph'; "
                "import graph.commands.sparql as command; "
                "command.NAMED_QUERY_TIMEOUT = 1.0; orphans = command.named_query('orphans'); "
                f"command.named_query = lambda name: dataclasses.replace(orphans, text={COUNT_CROSS!r}); "
                "from graph.cli import main; main()")


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return chain_glossary(tmp_path_factory.mktemp("chain"), 300)  # 8.1e9 rows to count


def _stopped(run) -> None:
    assert run.returncode == 2 and not run.timed_out, run.describe()
    assert run.stderr.splitlines() == DEADLINE_LINES, run.describe()
    assert run.stdout == ""
    assert run.seconds < 20, run.describe()  # 1 s, plus loading and the process start


@pytest.mark.parametrize("fmt", ["table", "csv", "xml"])
def test_a_query_past_its_timeout_stops_with_the_error(chain: Path, tmp_path: Path, fmt: str) -> None:
    run = run_glossgraph(["sparql", "--data", str(chain), "--format", fmt, "--timeout", "1",
                          COUNT_CROSS], tmp_path, timeout=50)
    _stopped(run)


def test_a_named_query_stops_at_the_named_query_timeout(chain: Path, tmp_path: Path) -> None:
    """No --timeout: named queries get NAMED_QUERY_TIMEOUT (set to 1 s here, its query a cross join)."""
    run = run_glossgraph(["sparql", "--data", str(chain), "--name", "orphans"], tmp_path,
                         timeout=50, python_code=_NAMED_CROSS)
    _stopped(run)


FORMATS = [("SELECT ?c ?label WHERE { ?c skos:prefLabel ?label } ORDER BY ?label", fmt)
           for fmt in ("table", "csv", "tsv", "json", "xml")]
FORMATS += [("CONSTRUCT { ?c skos:broader ?b } WHERE { ?c skos:broader ?b }", fmt)
            for fmt in ("turtle", "nt", "jsonld")]
FORMATS += [("ASK { ?c skos:prefLabel ?label }", "json")]


@pytest.mark.parametrize(("query", "fmt"), FORMATS)
@pytest.mark.parametrize("deadline", [["--timeout", "30"], []], ids=["timeout", "no-timeout"])
def test_output_under_the_watchdog_is_the_unwatched_output(chain: Path, query: str, fmt: str,
                                                           deadline: list[str]) -> None:
    """The CLI's output equals the library's in-process writer's, and pyoxigraph's own documents."""
    result = CliRunner().invoke(cli, ["sparql", "--data", str(chain), "--format", fmt, *deadline,
                                      query])
    assert result.exit_code == 0, result.output
    glossary = graph.load(chain)
    expected = _written(glossary, query, fmt)
    assert result.stdout_bytes == expected
    if fmt in ("csv", "tsv", "json", "xml"):
        raw = store_of(glossary).query(query, prefixes=prefixes_for(glossary.scheme.base_iri))
        document = raw.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper()))
        assert expected.rstrip(b"\n") == document.rstrip(b"\n")
    assert not _watchdogs()


def _written(glossary: graph.Glossary, query: str, fmt: str) -> bytes:
    import io

    out = io.BytesIO()
    sparql_to(glossary, query, out, fmt)
    return out.getvalue()


def _watchdogs() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate()
            if thread.name == "glossgraph-query-watchdog" and thread.is_alive()]


def test_the_watchdog_ends_with_its_query(chain: Path, tmp_path: Path) -> None:
    """A command that goes on after its query is not stopped when the query's deadline passes."""
    code = ("import sys, time; from graph.cli import cli; "
            "cli.main(sys.argv[1:], prog_name='glossgraph', standalone_mode=False); "
            "sys.stdout.flush(); time.sleep(2); print('still here')")
    run = run_glossgraph(["sparql", "--data", str(chain), "--format", "csv", "--timeout", "0.5",
                          "SELECT ?c WHERE { ?c skos:prefLabel ?l FILTER(STR(?l) = 't7') }"], tmp_path,
                         timeout=50, python_code=code)
    assert run.returncode == 0, run.describe()
    assert run.stdout.splitlines() == ["c", "https://example.org/glossary/t7", "still here"]
    assert "Error" not in run.stderr
