"""Remote SPARQL 1.1 endpoints: queries (Protocol) and push (Graph Store HTTP Protocol).

Standard library only (urllib). Credentials come from the environment, never
from the command line where `ps` would show them: ``GLOSSGRAPH_SPARQL_TOKEN``
(a bearer token) or ``GLOSSGRAPH_SPARQL_USER`` and
``GLOSSGRAPH_SPARQL_PASSWORD`` (basic auth). Redirects are not followed, so
credentials never travel to another host. Every failure is one
`RemoteError` line: connection refused, timeout, HTTP status.
"""

from __future__ import annotations

import base64
import os
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import QueryError, RemoteError
from .embedded import JSON_RESULTS, N_TRIPLES, run_in_process
from .exchange import MAX_REPLY_BYTES, Reply, exchange
from .params import bind, with_values
from .results import SparqlResult
from .safety import check_query
from .stream import ROW_CAP, Written, write_answer

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from ..model import Glossary

__all__ = ["TOKEN_ENV", "USER_ENV", "PASSWORD_ENV", "PushReport", "RemoteQuery", "auth_headers",
           "check_xml_reply", "open_remote_sparql", "open_request", "push", "push_update",
           "remote_query", "remote_sparql", "remote_sparql_to", "request"]

TOKEN_ENV = "GLOSSGRAPH_SPARQL_TOKEN"
USER_ENV = "GLOSSGRAPH_SPARQL_USER"
PASSWORD_ENV = "GLOSSGRAPH_SPARQL_PASSWORD"
_GRAPH_ACCEPT = f"{N_TRIPLES}, text/turtle;q=0.9, application/rdf+xml;q=0.5"


@dataclass(frozen=True)
class PushReport:
    """What a push sent: triples, bytes, where, and the server's HTTP status."""

    url: str
    graph: str | None
    triples: int
    size: int
    status: int
    elapsed: float


def auth_headers() -> dict[str, str]:
    """The Authorization header from the environment (token first), else nothing."""
    token = os.environ.get(TOKEN_ENV)
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = os.environ.get(USER_ENV)
    if user:
        pair = f"{user}:{os.environ.get(PASSWORD_ENV, '')}".encode()
        return {"Authorization": f"Basic {base64.b64encode(pair).decode('ascii')}"}
    return {}


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) endpoint URL: {url!r}")
    if parts.username or parts.password:
        raise RemoteError("credentials in the endpoint URL are refused (they would show in ps)",
                          hint=f"set {USER_ENV} and {PASSWORD_ENV}, or {TOKEN_ENV}")


def request(method: str, url: str, body: bytes | None = None,
            headers: Mapping[str, str] | None = None,
            timeout: float | None = None,
            max_bytes: int = MAX_REPLY_BYTES) -> tuple[int, str, bytes]:
    """Send one request; returns (status, content type, body).

    `timeout` is a deadline for the whole exchange, the reply's body
    included; a reply over `max_bytes` is refused.

    Raises
    ------
    RemoteError
        One line for a refused connection, the deadline, an HTTP error
        status, or a reply too large.
    """
    with open_request(method, url, body, headers, timeout, max_bytes) as reply:
        return reply.status, reply.content_type, reply.read()


@contextmanager
def open_request(method: str, url: str, body: bytes | None = None,
                 headers: Mapping[str, str] | None = None, timeout: float | None = None,
                 max_bytes: int = MAX_REPLY_BYTES) -> Iterator[Reply]:
    """Like `request`, yielding the `Reply` to read as a stream."""
    _check_url(url)
    all_headers = {"User-Agent": "glossgraph", **auth_headers(), **(headers or {})}
    with exchange(method, url, body, all_headers, timeout, max_bytes) as reply:
        yield reply


def _with_prefixes(text: str, declared: Mapping[str, str], prefixes: Mapping[str, str]) -> str:
    lines = "".join(f"PREFIX {name}: <{iri}> " for name, iri in prefixes.items()
                    if name not in declared)
    return f"{lines}\n{text}" if lines else text


@dataclass(frozen=True)
class RemoteQuery:
    """A query ready to send: its kind, the form body, the Accept header, its text."""

    kind: str
    body: bytes
    accept: str
    text: str
    prefixes: Mapping[str, str]
    allow_service: bool


def remote_query(query: str, *, params: Mapping[str, Any] | None = None,
                 allow_service: bool = False, default_graph: str | None = None,
                 prefixes: Mapping[str, str] | None = None,
                 language: str | None = "en") -> RemoteQuery:
    """Check `query`, bind `params` and declare `prefixes`, as `remote_sparql` sends it.

    `language`: the labels' language, for parameters bound to label variables.
    """
    from . import prefixes_for

    prefixes = prefixes_for(None) if prefixes is None else prefixes
    shape = check_query(query, allow_service=allow_service)
    terms = bind(params, shape.variables, shape=shape, prefixes=prefixes, language=language)
    text = _with_prefixes(with_values(shape, terms), shape.prefixes, prefixes)
    form = [("query", text)] + ([("default-graph-uri", default_graph)] if default_graph else [])
    graph = shape.form in ("CONSTRUCT", "DESCRIBE")
    return RemoteQuery("graph" if graph else "select", urllib.parse.urlencode(form).encode(),
                       _GRAPH_ACCEPT if graph else JSON_RESULTS, shape.text, prefixes,
                       allow_service)


@contextmanager
def open_remote_sparql(url: str, prepared: RemoteQuery, timeout: float | None = None,
                       max_bytes: int = MAX_REPLY_BYTES) -> Iterator[tuple[Reply, str]]:
    """Send a prepared query; yields the reply (to read as a stream) and its media type.

    `timeout` is a deadline for the whole exchange, reading the reply included.
    """
    headers = {"Accept": prepared.accept, "Content-Type": "application/x-www-form-urlencoded"}
    try:
        with open_request("POST", url, prepared.body, headers, timeout, max_bytes) as reply:
            media = reply.content_type.split(";")[0].strip() or prepared.accept.split(",")[0]
            yield reply, media
    except RemoteError as exc:
        if "HTTP 400" in str(exc) and not prepared.allow_service:
            _raise_local_syntax_error(prepared.text, prepared.prefixes)
        raise


def remote_sparql(url: str, query: str, *, params: Mapping[str, Any] | None = None,
                  timeout: float | None = None, allow_service: bool = False,
                  default_graph: str | None = None,
                  prefixes: Mapping[str, str] | None = None,
                  language: str | None = "en",
                  max_bytes: int = MAX_REPLY_BYTES) -> SparqlResult:
    """Run a read-only query at a SPARQL 1.1 Protocol endpoint (POST, form-encoded).

    The same checks and parameter binding as the embedded store; the known
    prefixes (`prefixes`, default the SKOS view's) are declared in the text
    sent. `default_graph` is sent as
    ``default-graph-uri`` (to query a graph that `push` wrote). `language`:
    the labels' language, for parameters bound to label variables. `timeout`
    is a deadline for the whole exchange; a reply over `max_bytes` is refused.

    Raises
    ------
    QueryError
        For a refused query or a syntax error (line and column as written).
    RemoteError
        When the endpoint cannot be reached, answers with an error, passes
        the deadline or sends too much.
    """
    prepared = remote_query(query, params=params, allow_service=allow_service,
                            default_graph=default_graph, prefixes=prefixes, language=language)
    start = time.perf_counter()
    with open_remote_sparql(url, prepared, timeout, max_bytes) as (reply, media):
        body = reply.read()
    return SparqlResult(prepared.kind, check_xml_reply(body, media), media,
                        elapsed=time.perf_counter() - start)


def remote_sparql_to(url: str, query: str, out: IO[bytes], fmt: str | None = None, *,
                     timeout: float | None = None, width: int = 60, row_cap: int = ROW_CAP,
                     max_bytes: int = MAX_REPLY_BYTES, **options: Any) -> Written:
    """`remote_sparql`, writing the answer to `out` as the reply is read (see `sparql_to`).

    `options` are those of `remote_query`.
    """
    prepared = remote_query(query, **options)
    with open_remote_sparql(url, prepared, timeout, max_bytes) as (reply, media):
        head = reply.read(65536) if "xml" in media else b""
        stream = _Joined(check_xml_reply(head, media), reply)
        try:
            if prepared.kind == "graph":
                fmt_in = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
                answer: Any = (quad.triple for quad in ox.parse(stream, format=fmt_in))
            else:
                fmt_in = ox.QueryResultsFormat.from_media_type(media) or ox.QueryResultsFormat.JSON
                answer = ox.parse_query_results(stream, format=fmt_in)
            return write_answer(answer, out, fmt, prepared.prefixes, width, row_cap)
        except SyntaxError as exc:
            raise QueryError(f"could not read the query results ({media}): {exc}") from None


class _Joined:
    """A binary reader giving `head` first, then the rest of `reply`."""

    def __init__(self, head: bytes, reply: Reply) -> None:
        self._head, self._reply = head, reply

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data = self._head if size is None or size < 0 else self._head[:size]
            self._head = self._head[len(data):]
            return data
        return self._reply.read(size)


def check_xml_reply(body: bytes, media: str) -> bytes:
    """Refuse an XML reply that declares entities (a server never needs to); returns `body`."""
    if "xml" in media and b"<!ENTITY" in body[:65536]:
        raise RemoteError("the server's XML reply declares entities, which glossgraph refuses "
                          "to expand")
    return body


def _raise_local_syntax_error(text: str, prefixes: Mapping[str, str]) -> None:
    """Parse the query as written on an empty store so a syntax error gets its line and column."""
    try:
        run_in_process(ox.Store(), text, dict(prefixes))
    except QueryError as exc:
        if str(exc).startswith("SPARQL syntax error"):
            raise QueryError(str(exc)) from None


def _graph_iri(graph: str | None) -> str | None:
    if graph is None:
        return None
    try:
        return ox.NamedNode(graph).value
    except ValueError:
        raise QueryError(f"not a valid graph IRI: {graph!r}") from None


def push(glossary: Glossary, url: str, *, graph: str | None = None,
         timeout: float | None = None) -> PushReport:
    """Replace one graph at a Graph Store Protocol endpoint with the glossary, in one PUT.

    `graph` is the named graph IRI (None: the default graph). A failed
    upload leaves the graph as it was: the server replaces it only when the
    whole request succeeds.

    Raises
    ------
    RemoteError
        When the store cannot be reached or refuses the upload.
    """
    from ..export.rdf import rdf_bytes
    from ..views.skos import store_of

    _check_url(url)  # the URL as given, before "?default" is added to it
    graph = _graph_iri(graph)
    body = rdf_bytes(glossary, ox.RdfFormat.TURTLE)
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    target = f"{url}{'&' if '?' in url else '?'}{query}"
    start = time.perf_counter()
    status, _, _ = request("PUT", target, body, {"Content-Type": "text/turtle"}, timeout)
    return PushReport(url, graph, len(store_of(glossary)), len(body), status,
                      time.perf_counter() - start)


def push_update(glossary: Glossary, url: str, *, graph: str | None = None,
                timeout: float | None = None) -> PushReport:
    """Replace one graph through a SPARQL Update endpoint: DROP + INSERT DATA in one request.

    For servers without the Graph Store Protocol. One request is one
    transaction on the servers we know (Oxigraph, Fuseki).
    """
    from ..export.rdf import rdf_bytes
    from ..views.skos import store_of

    graph = _graph_iri(graph)  # validated by pyoxigraph: no way out of <...>
    triples = rdf_bytes(glossary, ox.RdfFormat.N_TRIPLES).decode("utf-8")
    if graph:
        update = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{triples}}} }}"
    else:
        update = f"DROP SILENT DEFAULT ;\nINSERT DATA {{\n{triples}}}"
    body = urllib.parse.urlencode({"update": update}).encode()
    start = time.perf_counter()
    status, _, _ = request("POST", url, body,
                           {"Content-Type": "application/x-www-form-urlencoded"}, timeout)
    return PushReport(url, graph, len(store_of(glossary)), len(body), status,
                      time.perf_counter() - start)
