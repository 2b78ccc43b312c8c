"""Hostile RDF and SPARQL: entity bombs, huge tokens, endless results, slow or nosy servers.

Each command runs in a subprocess under the limits of tests/hostile_util.py
(60 s, 1 GB peak): it ends in time, prints no traceback, names the bad file
with a GG code, and writes nothing outside its output. Servers are real
`http.server` instances on 127.0.0.1 started here (they trickle bytes, echo
headers, send too much), or a real `oxigraph serve`.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_util import chain_glossary, changed, every_command, run_glossgraph, snapshot

SKOS = "http://www.w3.org/2004/02/skos/core#"
TOKEN = "s3cr3t-token-value"


def _billion_laughs(levels: int = 9) -> str:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE rdf:RDF [", '<!ENTITY a0 "laughlaughlaugh">']
    lines += [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, levels)]
    lines += ["]>", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
              f'xmlns:skos="{SKOS}">',
              f'<skos:Concept rdf:about="http://x/a"><skos:prefLabel>&a{levels - 1};'
              "</skos:prefLabel></skos:Concept></rdf:RDF>"]
    return "\n".join(lines)


def _clean_run(args: list[str], cwd: Path, **kwargs):
    run = run_glossgraph(args, cwd, **kwargs)
    assert not run.problems(), run.describe()
    return run


# --- RDF files -------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".rdf", ".owl"])
def test_xml_entity_bomb_is_gg005_for_every_command(tmp_path: Path, suffix: str) -> None:
    bomb = tmp_path / f"bomb{suffix}"
    bomb.write_text(_billion_laughs())
    assert bomb.stat().st_size < 1200
    out = tmp_path / "out"
    before = snapshot(tmp_path, skip=(out,))
    for args in every_command(bomb, out, "A", yaml_source=False):
        _clean_run(args, tmp_path)
    assert changed(before, snapshot(tmp_path, skip=(out,))) == []
    check = _clean_run(["check", "--data", str(bomb)], tmp_path)
    assert f"{bomb.name}:1: GG005 cannot read xml RDF: XML entities would expand" in check.stdout
    imported = _clean_run(["import", str(bomb), "--to", str(tmp_path / "to")], tmp_path)
    assert imported.returncode == 2 and "XML entities would expand" in imported.stderr
    assert not (tmp_path / "to").exists()


def test_ordinary_xml_entities_still_load(tmp_path: Path) -> None:
    vocab = tmp_path / "v.rdf"
    vocab.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY skos "{SKOS}">]>\n'
                     '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                     'xmlns:skos="&skos;"><skos:Concept rdf:about="http://x/a">'
                     "<skos:prefLabel>Alpha</skos:prefLabel></skos:Concept></rdf:RDF>")
    run = _clean_run(["search", "Alpha", "--data", str(vocab)], tmp_path)
    assert run.returncode == 0 and "Alpha" in run.stdout


@pytest.mark.parametrize("declaration", ['<!ENTITY % p "x">', '<!ENTITY e SYSTEM "file:///etc/passwd">',
                                         '<!ENTITY a "&b;"><!ENTITY b "&a;">'])
def test_external_parameter_and_recursive_entities_are_refused(tmp_path: Path,
                                                               declaration: str) -> None:
    vocab = tmp_path / "v.rdf"
    vocab.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{declaration}]>\n'
                     '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    run = _clean_run(["check", "--data", str(vocab)], tmp_path)
    assert "v.rdf:1: GG005 cannot read xml RDF: " in run.stdout
    assert "root:" not in run.output  # nothing of /etc/passwd


@pytest.mark.parametrize("where", ["literal", "iri"])
def test_token_over_16_mib_is_gg005(tmp_path: Path, where: str) -> None:
    big = "a" * (17 << 20)
    subject, label = (f"http://x/{big}", "x") if where == "iri" else ("http://x/a", big)
    vocab = tmp_path / "big.ttl"
    vocab.write_text(f'<{subject}> a <{SKOS}Concept> ; <{SKOS}prefLabel> "{label}" .\n')
    run = _clean_run(["check", "--data", str(vocab)], tmp_path)
    assert "big.ttl:1: GG005 cannot read turtle RDF: a single token" in run.stdout
    assert run.returncode == 1


def test_nan_and_infinity_never_reach_rdf_json(tmp_path: Path) -> None:
    terms = tmp_path / "terms"
    terms.mkdir()
    (terms / "alpha.yml").write_text("term: alpha\nshort_def: A.\nscore: .nan\nrange: [.inf, -.inf]\n")
    out = tmp_path / "x.nt"
    _clean_run(["export", "nt", "--data", str(terms), "-o", str(out)], tmp_path)
    import pyoxigraph as ox

    literals = [q.object for q in ox.parse(out.read_bytes(), format=ox.RdfFormat.N_TRIPLES)
                if isinstance(q.object, ox.Literal) and q.object.datatype.value.endswith("#JSON")]
    assert len(literals) == 1

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in rdf:JSON")

    assert json.loads(literals[0].value, parse_constant=refuse) == {
        "range": ["Infinity", "-Infinity"], "score": "NaN"}


# --- text output -----------------------------------------------------------------------------

def test_terminal_controls_in_labels_are_escaped(tmp_path: Path) -> None:
    terms = tmp_path / "terms"
    terms.mkdir()
    (terms / "evil.yml").write_text('term: "evil\\e]0;PWNED\\u0007 \\u009b31m name"\n'
                                    "aliases: [evil]\n")
    (terms / "good.yml").write_text("term: good\nshort_def: Good.\nrelationships:\n"
                                    "  broader: [\"evil\\e]0;PWNED\\a \\x9b31m name\"]\n")
    for args in (["check", "--data", str(terms)], ["search", "evil", "--data", str(terms)],
                 ["check", "--data", str(terms), "--format", "github"],
                 ["show", "good", "--data", str(terms)], ["tree", "--data", str(terms)],
                 ["path", "good", "evil", "--data", str(terms)],
                 ["neighbors", "good", "--data", str(terms)]):
        run = _clean_run(args, tmp_path)
        assert "\x1b" not in run.output and "\x07" not in run.output and "\x9b" not in run.output
        assert "evil\\x1b]0;PWNED\\x07 \\x9b31m name" in run.stdout, run.describe()



def test_terminal_controls_in_file_names_are_escaped_by_fix_and_suggest(tmp_path: Path) -> None:
    terms = tmp_path / "terms"
    terms.mkdir()
    evil = terms / "evil\x1b]0;PWNED\x07.yml"
    evil.write_text("term: evil\nshort_def: Worse than any plain thing.\n")
    (terms / "good.yml").write_text("term: good\nshort_def: Fine.\nrelationships:\n  broader: [evil]\n")
    (terms / "plain.yml").write_text("term: plain\nshort_def: Ordinary.\n")
    for args in (["fix", "--data", str(terms)], ["fix", "--write", "--data", str(terms)],
                 ["suggest", "--select", "GG501", "--data", str(terms)],
                 ["suggest", "--select", "GG501", "--write", "--data", str(terms)]):
        run = _clean_run(args, tmp_path)
        assert "\x1b" not in run.output and "\x07" not in run.output, run.describe()
        if args[:2] != ["fix", "--write"]:  # which prints only a count
            assert "evil\\x1b]0;PWNED\\x07.yml" in run.output, run.describe()
    assert "narrower" in evil.read_text() and "plain" in evil.read_text()

# --- SPARQL on the embedded store ------------------------------------------------------------

CROSS = "SELECT * WHERE { ?a skos:prefLabel ?x . ?b skos:prefLabel ?y }"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_results_stream_in_memory_independent_of_rows(tmp_path: Path, fmt: str) -> None:
    small = chain_glossary(tmp_path / "small", 300)
    large = chain_glossary(tmp_path / "large", 1200)
    peaks = {}
    for name, data in (("small", small), ("large", large)):
        out = tmp_path / f"{name}.{fmt}"
        run = _clean_run(["sparql", "--data", str(data), "--format", fmt, CROSS, "--timeout", "50"]
                         if fmt == "xml" else ["sparql", "--data", str(data), "--format", fmt, CROSS],
                         tmp_path)
        out.write_text(run.stdout)
        peaks[name] = run.peak_rss
    rows = out.read_text().count("t1199")  # every row naming the last term, in any format
    assert rows >= 2 * 1200 - 1
    # 16 times the rows (1.44M against 90k): the peak grows by less than 40 MB
    assert peaks["large"] - peaks["small"] < 40 << 20, peaks


def test_table_shows_at_most_the_row_cap(tmp_path: Path) -> None:
    data = chain_glossary(tmp_path / "g", 150)  # 22,500 rows
    run = _clean_run(["sparql", "--data", str(data), CROSS], tmp_path)
    assert run.returncode == 0
    assert len(run.stdout.splitlines()) == 2 + 10_000
    assert "(the first 10,000 rows" in run.stderr and "use --format csv" in run.stderr


@pytest.mark.parametrize("deadline", [["--timeout", "55"], []], ids=["timeout", "no-timeout"])
def test_query_memory_is_capped(tmp_path: Path, deadline: list[str]) -> None:
    """With or without --timeout: the watchdog caps what the query adds to the process."""
    data = chain_glossary(tmp_path / "g", 400)
    query = ("SELECT * WHERE { ?a skos:prefLabel ?x . ?b skos:prefLabel ?y . "
             "?c skos:prefLabel ?z } ORDER BY ?z ?y ?x")
    run = _clean_run(["sparql", "--data", str(data), "--format", "csv", *deadline, query],
                     tmp_path, env={"GLOSSGRAPH_QUERY_MEMORY_MB": "200"})
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["Error: query stopped: it needed more memory than a query may use",
                                       "Hint: narrow the query or add a LIMIT, or raise the cap with "
                                       "GLOSSGRAPH_QUERY_MEMORY_MB=MEGABYTES"]
    # Uncapped, this query grows to several GB. The watchdog polls every 20 ms, so on a loaded
    # machine the process can pass its 200 MB allowance by some tens of MB before it stops
    # (430 MB was seen with the suite running beside two others): the bound leaves room for that.
    assert run.peak_rss < 600 << 20


def test_ancestors_on_a_deep_chain_ends_quickly(tmp_path: Path) -> None:
    data = chain_glossary(tmp_path / "g", 5000)
    run = _clean_run(["sparql", "--data", str(data), "--name", "ancestors", "--param",
                      "term=t4999", "--format", "csv"], tmp_path, timeout=40)
    assert run.returncode == 0 and len(run.stdout.splitlines()) == 1 + 4999
    descendants = _clean_run(["sparql", "--data", str(data), "--name", "descendants", "--param",
                              "term=t0", "--format", "csv"], tmp_path, timeout=40)
    assert len(descendants.stdout.splitlines()) == 1 + 4999


# --- remote servers --------------------------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    """What each path does: trickle a reply, echo the request headers, send too much."""

    protocol_version = "HTTP/1.0"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _trickle(self, head: bool) -> None:
        try:
            if head:
                for byte in b"HTTP/1.0 200 OK\r\n":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.5)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            for _ in range(600):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path.startswith("/trickle-head"):
            return self._trickle(head=True)
        if self.path.startswith("/trickle"):
            return self._trickle(head=False)
        if self.path.startswith("/echo"):
            body = json.dumps({"error": "denied", "headers": dict(self.headers)}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            return self.wfile.write(body)
        if self.path.startswith("/huge"):
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[')
            row = b'{"x":{"type":"literal","value":"' + b"v" * 1000 + b'"}},'
            try:
                for _ in range(3000):
                    self.wfile.write(row)
            except OSError:
                pass
            return None
        self.send_error(404)
        return None

    do_GET = do_POST = do_PUT = _answer


@pytest.fixture(scope="module")
def nasty_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return chain_glossary(tmp_path / "g", 3)


@pytest.mark.parametrize("path", ["/trickle", "/trickle-head"])
@pytest.mark.parametrize("command", ["sparql", "push"])
def test_timeout_is_a_deadline_for_the_whole_exchange(tmp_path: Path, nasty_server: str,
                                                      sample: Path, path: str,
                                                      command: str) -> None:
    url = nasty_server + path
    args = (["sparql", "--endpoint", url, "ASK {}"] if command == "sparql"
            else ["push", "--endpoint", url, "--data", str(sample)])
    run = _clean_run([*args, "--timeout", "2"], tmp_path, timeout=30)
    assert run.returncode == 2 and run.seconds < 15
    first = run.stderr.splitlines()[0]
    assert first.startswith(f"Error: no answer from {url}")  # push adds ?default or ?graph=
    assert first.endswith(" within 2 s (--timeout)")


def test_remote_reply_size_is_capped(tmp_path: Path, nasty_server: str) -> None:
    url = nasty_server + "/huge"
    run = _clean_run(["sparql", "--endpoint", url, "--max-reply-mb", "1", "--format", "csv",
                      "SELECT ?x WHERE { ?s ?p ?x }"], tmp_path)
    assert run.returncode == 2
    assert f"Error: the reply from {url} is larger than 1 MiB" in run.stderr
    whole = _clean_run(["sparql", "--endpoint", url, "--format", "csv",
                        "SELECT ?x WHERE { ?s ?p ?x }"], tmp_path)
    assert whole.returncode == 2  # the server breaks its JSON off: an error, not a traceback


@pytest.mark.parametrize("env", [{"GLOSSGRAPH_SPARQL_TOKEN": TOKEN},
                                 {"GLOSSGRAPH_SPARQL_USER": "bob", "GLOSSGRAPH_SPARQL_PASSWORD": TOKEN}])
def test_credentials_echoed_by_a_server_are_redacted(tmp_path: Path, nasty_server: str,
                                                     sample: Path, env: dict) -> None:
    for args in (["sparql", "--endpoint", nasty_server + "/echo", "ASK {}"],
                 ["push", "--endpoint", nasty_server + "/echo", "--data", str(sample)]):
        run = _clean_run(args, tmp_path, env=env)
        assert run.returncode == 2 and "HTTP 401" in run.stderr
        assert "[redacted]" in run.stderr, run.describe()
        assert TOKEN not in run.output and "Ym9i" not in run.output  # base64 of "bob:"


# --- server root URLs, against a real Oxigraph server -----------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_root(tmp_path_factory) -> Iterator[str]:
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    port = _free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("ox")),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.server
def test_server_root_finds_oxigraph_store_and_query(tmp_path: Path, oxigraph_root: str,
                                                    sample: Path) -> None:
    pushed = _clean_run(["push", "--endpoint", oxigraph_root, "--data", str(sample)], tmp_path)
    assert pushed.returncode == 0, pushed.describe()
    assert f"at {oxigraph_root}/store in" in pushed.stdout
    for root in (oxigraph_root, oxigraph_root + "/"):
        run = _clean_run(["sparql", "--endpoint", root, "--format", "csv",
                          "SELECT ?l WHERE { ?c skos:prefLabel ?l } ORDER BY ?l"], tmp_path)
        assert run.stdout.split() == ["l", "t0", "t1", "t2"]


class _FusekiRoot(http.server.BaseHTTPRequestHandler):
    """A Fuseki-like root: `/$/datasets` lists one dataset; its query service answers ASK."""

    datasets = [{"ds.name": "/ds", "ds.services": [
        {"srv.type": "query", "srv.endpoints": ["", "sparql", "query"]},
        {"srv.type": "gsp-rw", "srv.endpoints": ["data"]}]}]

    def log_message(self, *args) -> None:
        pass

    def _reply(self, status: int, body: bytes, media: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/$/datasets":
            return self._reply(200, json.dumps({"datasets": self.datasets}).encode(),
                               "application/json")
        return self._reply(404, b"not here", "text/plain")

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/ds/sparql":
            return self._reply(200, b'{"head":{},"boolean":true}', "application/sparql-results+json")
        return self._reply(404, b"not here", "text/plain")


def test_server_root_finds_the_fuseki_dataset(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FusekiRoot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        run = _clean_run(["sparql", "--endpoint", root, "ASK {}"], tmp_path)
        assert run.returncode == 0 and run.stdout == "true\n", run.describe()
        _FusekiRoot.datasets = _FusekiRoot.datasets * 2
        several = _clean_run(["sparql", "--endpoint", root, "ASK {}"], tmp_path)
        assert several.returncode == 2
        assert several.stderr.startswith(f"Error: {root} is a Fuseki server with 2 datasets")
    finally:
        server.shutdown()
        server.server_close()
