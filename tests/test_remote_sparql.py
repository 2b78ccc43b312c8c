"""Against a real SPARQL server: `oxigraph serve` on 127.0.0.1, push, the same queries, errors."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

import graph
from graph.cli import cli
from graph.errors import RemoteError
from graph.query import named_queries, prefixes_for, run_named
from graph.query.remote import auth_headers, push, remote_sparql
from graph.views.skos import store_of

pytestmark = pytest.mark.server

GRAPH = "https://example.org/graphs/glossary"
PARAMS = {"descendants": {"term": "Machine Learning"}, "ancestors": {"term": "transformer"},
          "terms-by-category": {"category": "architecture"}, "terms-by-role": {"role": "engineering"},
          "terms-by-nist-tag": {"tag": "validity"}, "not-reviewed-since": {"since": "2025-01-01"}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, deadline: float = 15.0) -> None:
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        if process.poll() is not None:
            pytest.skip(f"`oxigraph serve` exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    process.kill()
    pytest.skip(f"`oxigraph serve` did not answer at {url} within {deadline:g} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running `oxigraph serve` on a free 127.0.0.1 port; its base URL."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([binary, "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(url, process)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def glossary(request):
    return graph.load(request.config.rootpath / "tests" / "fixtures" / "sparql")


@pytest.fixture(scope="module")
def pushed(server, glossary):
    """The fixture glossary pushed to the default graph and to GRAPH."""
    first = push(glossary, f"{server}/store")
    named = push(glossary, f"{server}/store", graph=GRAPH)
    assert first.status in (200, 201, 204) and named.status in (200, 201, 204)
    assert first.triples == len(store_of(glossary))
    return server


def _remote(server: str, name: str, params: dict, graph_iri: str | None = None):
    return remote_sparql(f"{server}/query", named_queries()[name].text, params=params,
                         default_graph=graph_iri, prefixes=prefixes_for(graph.model.DEFAULT_BASE_IRI))


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_match_embedded(pushed, glossary, name):
    params = PARAMS.get(name, {})
    embedded = run_named(glossary, name, params)
    assert embedded.rows
    assert _remote(pushed, name, params).rows == embedded.rows
    assert _remote(pushed, name, params, GRAPH).rows == embedded.rows


def test_push_replaces_the_graph(pushed, glossary, tmp_path):
    other = tmp_path / "terms"
    other.mkdir()
    (other / "solo.yml").write_text("term: solo\nshort_def: The only term.\n")
    target, url = GRAPH + "/replaced", f"{pushed}/query"
    count = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept }"
    push(glossary, f"{pushed}/store", graph=target)
    assert remote_sparql(url, count, default_graph=target).rows == [{"n": 7}]
    push(graph.load(other), f"{pushed}/store", graph=target)  # replace, do not add
    assert remote_sparql(url, count, default_graph=target).rows == [{"n": 1}]
    labels = "SELECT ?l WHERE { ?c skos:prefLabel ?l }"
    assert remote_sparql(url, labels, default_graph=target).rows == [{"l": "solo"}]
    assert remote_sparql(url, count, default_graph=GRAPH).rows == [{"n": 7}]


def test_failed_push_leaves_the_old_graph(pushed, glossary, monkeypatch):
    target = GRAPH + "/kept"
    push(glossary, f"{pushed}/store", graph=target)
    from graph.export import rdf as rdf_export

    monkeypatch.setattr(rdf_export, "rdf_bytes", lambda *_: b"<http://a> <http://b> broken .")
    with pytest.raises(RemoteError, match="HTTP 400"):
        push(glossary, f"{pushed}/store", graph=target)
    count = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept }"
    assert remote_sparql(f"{pushed}/query", count, default_graph=target).rows == [{"n": 7}]


def test_cli_push_then_sparql(server):
    runner = CliRunner()
    pushed = runner.invoke(cli, ["push", "--data", "tests/fixtures/sparql", "--endpoint",
                                 f"{server}/store", "--graph", GRAPH + "/cli"])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stdout.startswith(f"Pushed 105 triples (4 KiB) to graph <{GRAPH}/cli> at ")
    result = runner.invoke(cli, ["sparql", "--endpoint", f"{server}/query", "--graph",
                                 GRAPH + "/cli", "--name", "descendants", "--param", "term=ML"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:] == [":deep-learning   deep learning",
                                              ":neural-network  neural network",
                                              ":transformer     transformer"]
    asked = runner.invoke(cli, ["sparql", "--endpoint", f"{server}/query", "--graph",
                                GRAPH + "/cli", "ASK { :transformer skos:broader :ml }"])
    assert (asked.exit_code, asked.stdout) == (1, "false\n")


def test_cli_push_with_sparql_update(server):
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["push", "--data", "tests/fixtures/sparql",
                                     "--update-endpoint", f"{server}/update",
                                     "--graph", GRAPH + "/update"])
        assert result.exit_code == 0, result.output
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    rows = remote_sparql(f"{server}/query", count, default_graph=GRAPH + "/update").rows
    assert rows == [{"n": 105}]


def test_remote_syntax_error_has_line_and_column(server):
    result = CliRunner().invoke(cli, ["sparql", "--endpoint", f"{server}/query",
                                      "SELECT * WHERE {\n  ?s ?p ?o\n  FILTER("])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: SPARQL syntax error at line 3, column 10: ")


def test_remote_refuses_updates_and_service_before_sending(server):
    runner = CliRunner()
    result = runner.invoke(cli, ["sparql", "--endpoint", f"{server}/query", "DROP ALL"])
    assert result.exit_code == 2 and "updates are refused" in result.stderr
    result = runner.invoke(cli, ["sparql", "--endpoint", f"{server}/query",
                                 "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"])
    assert result.exit_code == 2 and "SERVICE (federated query) is refused" in result.stderr


def test_http_error_is_one_line(server):
    result = CliRunner().invoke(cli, ["sparql", "--endpoint", f"{server}/nothing", "ASK {}"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {server}/nothing answered HTTP 404 Not Found: "
        "POST /nothing is not supported by this server"]


def test_connection_refused_is_one_line():
    url = f"http://127.0.0.1:{_free_port()}/query"
    result = CliRunner().invoke(cli, ["sparql", "--endpoint", url, "ASK {}"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: cannot reach {url}: Connection refused"]


def test_timeout_is_one_line():
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        result = CliRunner().invoke(cli, ["sparql", "--endpoint", url, "--timeout", "0.5",
                                          "ASK {}"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: no answer from {url} within 0.5 s (--timeout)"]


def test_credentials_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("GLOSSGRAPH_SPARQL_TOKEN", raising=False)
    monkeypatch.setenv("GLOSSGRAPH_SPARQL_USER", "ana")
    monkeypatch.setenv("GLOSSGRAPH_SPARQL_PASSWORD", "s3cret")
    assert auth_headers() == {"Authorization": "Basic YW5hOnMzY3JldA=="}
    monkeypatch.setenv("GLOSSGRAPH_SPARQL_TOKEN", "tok")
    assert auth_headers() == {"Authorization": "Bearer tok"}
    with pytest.raises(RemoteError, match="credentials in the endpoint URL are refused"):
        remote_sparql("http://ana:pw@127.0.0.1:1/query", "ASK {}")
    with pytest.raises(RemoteError, match="not an http"):
        remote_sparql("file:///etc/passwd", "ASK {}")


def test_a_bad_push_url_is_shown_as_given():
    result = CliRunner().invoke(cli, ["push", "--data", "tests/fixtures/sparql", "--no-cache",
                                      "--endpoint", "ftp://127.0.0.1/store"])
    assert result.exit_code == 2
    assert result.stderr == "Error: not an http(s) endpoint URL: 'ftp://127.0.0.1/store'\n"
