"""SPARQL commands: `sparql` (embedded store or remote endpoint) and `push`."""

from __future__ import annotations

import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import click

from ..errors import RemoteError
from ..query import (
    FORMATS,
    NAMED_QUERY_TIMEOUT,
    ROW_CAP,
    Written,
    named_queries,
    named_query,
    prefixes_for,
    sparql_to,
)
from ..query.endpoints import endpoint_hint, resolve_endpoint
from ..query.exchange import MAX_REPLY_BYTES
from ..query.params import parse_params
from ..query.remote import push as gsp_push
from ..query.remote import push_update, remote_sparql_to
from ..views.skos import store_of
from ..wording import plural
from .options import data_options, open_glossary, resolve_data_path
from .watchdog import query_memory, watchdog

__all__ = ["COMMANDS", "sparql_command", "push_command"]


def _timeout_option(default: float | None) -> Any:
    return click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=default,
                        show_default=default is not None, metavar="SECONDS",
                        help="Stop the query (or request) after this many seconds.")


def _list_queries() -> None:
    queries = named_queries()
    width = max(len(name) for name in queries)
    for name, named in queries.items():
        params = " ".join(f"{key}=..." for key in named.params)
        click.echo(f"{name.ljust(width)}  {named.description}" + (f"  [{params}]" if params else ""))


def _query_text(query: str | None, file: Path | None, name: str | None,
                params: dict[str, str]) -> str:
    given = [x for x in (query, file, name) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of QUERY, -f FILE or --name NAME (or --list)")
    if file is not None:
        return file.read_text(encoding="utf-8")
    if name is not None:
        named = named_query(name)
        params.update(named.check_params(params))  # typed parameters as literals of their type
        return named.text
    return query or ""


def _remote_prefixes(glossary_options: dict[str, Any]) -> tuple[dict[str, str], str]:
    """The prefixes and the labels' language for a remote query (from the configuration)."""
    from ..model import DEFAULT_BASE_IRI

    data = glossary_options.get("data")
    _, config = resolve_data_path(data)
    language = glossary_options.get("lang") or config.get("language") or "en"
    return prefixes_for(config.get("base_iri") or DEFAULT_BASE_IRI), language


def _with_endpoint_hint(exc: RemoteError, given: str, role: str) -> RemoteError:
    """Add which URL to pass when the server says the one used is not there."""
    if exc.hint is None and any(f"HTTP {code}" in str(exc) for code in (404, 405)):
        parts = urllib.parse.urlsplit(given)
        exc.hint = endpoint_hint(f"{parts.scheme}://{parts.netloc}", role)
    return exc


def _write(text: str, params: dict[str, str], options: dict[str, Any],
           glossary_options: dict[str, Any], fmt: str | None, width: int) -> Written:
    sys.stdout.flush()
    out = sys.stdout.buffer
    given = options["query_endpoint"] or options["endpoint"]
    if given:
        url = resolve_endpoint(given, "query", options["timeout"])
        prefixes, language = _remote_prefixes(glossary_options)
        try:
            return remote_sparql_to(url, text, out, fmt, params=params,
                                    allow_service=options["allow_service"],
                                    default_graph=options["graph"],
                                    prefixes=prefixes, language=language,
                                    max_bytes=options["max_reply_mb"] * 2**20,
                                    timeout=options["timeout"], width=width)
        except RemoteError as exc:
            raise _with_endpoint_hint(exc, given, "query") from None
    if options["graph"]:
        raise click.UsageError("--graph applies to remote endpoints (with --endpoint)")
    glossary = open_glossary(glossary_options)
    store = store_of(glossary)  # built before the watchdog starts
    with watchdog(options["timeout"], query_memory(store)):
        return sparql_to(glossary, text, out, fmt, params=params,
                         allow_service=options["allow_service"], width=width)


@click.command("sparql")
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("--name", help="Run a named query (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the named queries and exit.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE: text (in the glossary's language where ?NAME is a "
                   "label), a Turtle literal (\"text\"@en, \"5\"^^xsd:int) or <IRI>. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output: table|csv|tsv|json|xml for SELECT (default table), "
                   "turtle|nt|jsonld for CONSTRUCT/DESCRIBE (default turtle). All but "
                   f"table are streamed; table shows at most {ROW_CAP:,} rows.")
@click.option("--width", type=click.IntRange(0), default=60, show_default=True,
              help="Widest table cell (0: no limit).")
@_timeout_option(None)
@click.option("--allow-service", is_flag=True, help="Permit SERVICE (federated) clauses.")
@click.option("--endpoint", help="Run the query at this SPARQL endpoint URL instead (a server's "
                                 "root URL finds its query URL).")
@click.option("--query-endpoint", help="The query URL, when the server splits its endpoints.")
@click.option("--graph", help="Remote only: query this named graph as the default graph.")
@click.option("--max-reply-mb", type=click.IntRange(1), default=MAX_REPLY_BYTES // 2**20,
              show_default=True, help="Remote only: stop reading a reply larger than this.")
@data_options
def sparql_command(query: str | None, file: Path | None, name: str | None, list_: bool,
                   params: tuple[str, ...], fmt: str | None, width: int,
                   glossary_options: dict, **options: Any) -> None:
    """Run a read-only SPARQL query on the glossary (or at --endpoint).

    QUERY is the query text; or use -f FILE or --name NAME. The prefixes skos,
    dcterms, rdf, rdfs, xsd, owl, gg and the base IRI as ':' are declared.
    ASK prints true or false and exits 0 or 1. Named queries stop after
    60 s unless --timeout says otherwise; a query that needs more memory than
    its cap (GLOSSGRAPH_QUERY_MEMORY_MB) stops too. --timeout is a deadline
    for the whole exchange with a remote endpoint. Credentials for endpoints come
    from GLOSSGRAPH_SPARQL_TOKEN, or GLOSSGRAPH_SPARQL_USER and _PASSWORD.
    """
    if list_:
        _list_queries()
        return
    if query is not None and (file or name) and glossary_options.get("data") is None:
        query, glossary_options["data"] = None, Path(query)  # `sparql --name X PATH`
    bound = parse_params(params)
    text = _query_text(query, file, name, bound)
    if name is not None and options["timeout"] is None:
        options["timeout"] = NAMED_QUERY_TIMEOUT
    start = time.perf_counter()
    written = _write(text, bound, options, glossary_options, fmt, width)
    elapsed = (time.perf_counter() - start) * 1000
    if written.rows is not None:
        if written.truncated:
            click.echo(f"(the first {written.rows:,} rows, {elapsed:.0f} ms; more rows were not "
                       "shown: use --format csv, tsv, json or xml for all)", err=True)
        else:
            click.echo(f"({plural(written.rows, 'row')}, {elapsed:.0f} ms)", err=True)
    if written.kind == "ask" and not written.boolean:
        sys.exit(1)


@click.command("push")
@click.option("--endpoint", help="Graph Store Protocol URL (Oxigraph: http://host:7878/store; "
                                 "Fuseki: http://host:3030/DATASET/data).")
@click.option("--store-endpoint", help="The Graph Store URL, when the server splits its endpoints.")
@click.option("--update-endpoint",
              help="Push with one SPARQL Update (DROP + INSERT DATA) here instead.")
@click.option("--graph", help="Named graph IRI to replace (default: the default graph).")
@_timeout_option(60.0)
@data_options
def push_command(glossary_options: dict, endpoint: str | None, store_endpoint: str | None,
                 update_endpoint: str | None, graph: str | None, timeout: float) -> None:
    """Replace a graph of a SPARQL 1.1 server with the glossary's SKOS, in one request.

    Uses the Graph Store HTTP Protocol (one PUT): a failed upload leaves the
    old graph in place. A server's root URL finds its Graph Store URL
    (Oxigraph /store, Fuseki /DATASET/data). --timeout is a deadline for the
    whole exchange. Credentials come from GLOSSGRAPH_SPARQL_TOKEN, or
    GLOSSGRAPH_SPARQL_USER and GLOSSGRAPH_SPARQL_PASSWORD.
    """
    store_url = store_endpoint or endpoint
    if not store_url and not update_endpoint:
        raise click.UsageError("give --endpoint (or --store-endpoint, or --update-endpoint)")
    glossary = open_glossary(glossary_options)
    given, role = (store_url, "store") if store_url else (update_endpoint or "", "update")
    url = resolve_endpoint(given, role, timeout)
    send = gsp_push if role == "store" else push_update
    try:
        report = send(glossary, url, graph=graph, timeout=timeout)
    except RemoteError as exc:
        raise _with_endpoint_hint(exc, given, role) from None
    where = f"graph <{report.graph}>" if report.graph else "the default graph"
    click.echo(f"Pushed {plural(report.triples, 'triple')} ({report.size / 1024:.0f} KiB) to {where} "
               f"at {report.url} in {report.elapsed:.2f} s (HTTP {report.status})")


COMMANDS = [sparql_command, push_command]
