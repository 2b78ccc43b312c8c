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
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import QueryError, RemoteError
from .embedded import JSON_RESULTS, N_TRIPLES, run_in_process
from .params import bind, with_values
from .results import SparqlResult
from .safety import check_query

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from ..model import Glossary

__all__ = ["TOKEN_ENV", "USER_ENV", "PASSWORD_ENV", "PushReport", "auth_headers",
           "remote_sparql", "push", "push_update", "request"]

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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) endpoint URL: {url!r}")
    if parts.username or parts.password:
        raise RemoteError("credentials in the endpoint URL are refused (they would show in ps)",
                          hint=f"set {USER_ENV} and {PASSWORD_ENV}, or {TOKEN_ENV}")


def request(method: str, url: str, body: bytes | None = None,
            headers: Mapping[str, str] | None = None,
            timeout: float | None = None) -> tuple[int, str, bytes]:
    """Send one HTTP request; returns (status, content type, body).

    Raises
    ------
    RemoteError
        One line for a refused connection, a timeout, or an HTTP error status.
    """
    _check_url(url)
    all_headers = {"User-Agent": "glossgraph", **auth_headers(), **(headers or {})}
    req = urllib.request.Request(url, data=body, headers=all_headers, method=method)
    try:
        with _OPENER.open(req, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        raise _http_error(url, exc) from None
    except TimeoutError:
        raise RemoteError(f"no answer from {url} within {timeout:g} s (--timeout)") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise RemoteError(f"no answer from {url} within {timeout:g} s (--timeout)") from None
        text = getattr(reason, "strerror", None) or str(reason)
        raise RemoteError(f"cannot reach {url}: {text}") from None
    except (ConnectionError, OSError) as exc:
        raise RemoteError(f"connection to {url} failed: {exc.strerror or exc}") from None


def _http_error(url: str, exc: urllib.error.HTTPError) -> RemoteError:
    try:
        detail = " ".join(exc.read(2000).decode("utf-8", "replace").split())[:300]
    except OSError:
        detail = ""
    message = f"{url} answered HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
    hint = None
    if exc.code in (401, 403):
        hint = f"set {TOKEN_ENV}, or {USER_ENV} and {PASSWORD_ENV}"
    elif 300 <= exc.code < 400:
        hint = f"redirects are not followed; use the final URL ({exc.headers.get('Location')})"
    return RemoteError(message, hint=hint)


def _with_prefixes(text: str, declared: Mapping[str, str], prefixes: Mapping[str, str]) -> str:
    lines = "".join(f"PREFIX {name}: <{iri}> " for name, iri in prefixes.items()
                    if name not in declared)
    return f"{lines}\n{text}" if lines else text


def remote_sparql(url: str, query: str, *, params: Mapping[str, Any] | None = None,
                  timeout: float | None = None, allow_service: bool = False,
                  default_graph: str | None = None,
                  prefixes: Mapping[str, str] | None = None,
                  language: str | None = "en") -> SparqlResult:
    """Run a read-only query at a SPARQL 1.1 Protocol endpoint (POST, form-encoded).

    The same checks and parameter binding as the embedded store; the known
    prefixes (`prefixes`, default the SKOS view's) are declared in the text
    sent. `default_graph` is sent as
    ``default-graph-uri`` (to query a graph that `push` wrote). `language`:
    the labels' language, for parameters bound to label variables.

    Raises
    ------
    QueryError
        For a refused query or a syntax error (line and column as written).
    RemoteError
        When the endpoint cannot be reached or answers with an error.
    """
    from . import prefixes_for

    prefixes = prefixes_for(None) if prefixes is None else prefixes
    shape = check_query(query, allow_service=allow_service)
    terms = bind(params, shape.variables, shape=shape, prefixes=prefixes, language=language)
    text = _with_prefixes(with_values(shape, terms), shape.prefixes, prefixes)
    form = [("query", text)] + ([("default-graph-uri", default_graph)] if default_graph else [])
    accept = _GRAPH_ACCEPT if shape.form in ("CONSTRUCT", "DESCRIBE") else JSON_RESULTS
    headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
    start = time.perf_counter()
    try:
        status, media, body = request("POST", url, urllib.parse.urlencode(form).encode(),
                                      headers, timeout)
    except RemoteError as exc:
        if "HTTP 400" in str(exc) and not allow_service:
            _raise_local_syntax_error(shape.text, prefixes)
        raise
    kind = "graph" if shape.form in ("CONSTRUCT", "DESCRIBE") else "select"
    media = media.split(";")[0].strip() or accept.split(",")[0]
    return SparqlResult(kind, body, media, elapsed=time.perf_counter() - start)


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
