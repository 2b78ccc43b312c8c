"""SPARQL on the glossary: the embedded Oxigraph store, named queries, remote endpoints.

Every query is read-only: updates are refused, and so is ``SERVICE`` unless
allowed. The prefixes ``skos``, ``dcterms``, ``rdf``, ``rdfs``, ``xsd``,
``owl``, ``gg`` and the scheme's base IRI as ``:`` are declared for every
query. Parameters are bound as values, never pasted into the query text.

Examples
--------
>>> from graph.model import Glossary, Term, Reference
>>> glossary = Glossary([Term("alpha", references=[Reference("beta", "broader", 0)]),
...                      Term("beta")])
>>> result = sparql(glossary, "SELECT ?label WHERE { ?c skos:broader ?b ; skos:prefLabel ?label }")
>>> result.rows
[{'label': 'alpha'}]
>>> bool(sparql(glossary, "ASK { ?c skos:prefLabel ?l } ", params={"l": "gamma"}))
False
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any

from .embedded import answer_in_process, query_errors, run_with_deadline
from .formatting import FORMATS, GRAPH_FORMATS, SELECT_FORMATS, render, shorten
from .named import NamedQuery, named_queries, named_query
from .params import bind, with_values
from .results import SparqlResult
from .safety import check_query, inspect_query
from .stream import ROW_CAP, Written, write_answer

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "NAMED_QUERY_TIMEOUT",
    "ROW_CAP",
    "SELECT_FORMATS",
    "NamedQuery",
    "SparqlResult",
    "check_query",
    "inspect_query",
    "named_queries",
    "named_query",
    "prefixes_for",
    "render",
    "run_named",
    "shorten",
    "sparql",
    "sparql_to",
]

#: Seconds a named query may run on the command line unless ``--timeout`` says otherwise.
NAMED_QUERY_TIMEOUT = 60.0


def prefixes_for(base_iri: str | None) -> dict[str, str]:
    """The prefixes declared for every query: the SKOS view's, plus ``:`` for the base IRI.

    >>> prefixes_for("https://example.org/glossary/")[""]
    'https://example.org/glossary/'
    """
    from ..views.skos import PREFIXES

    prefixes = dict(PREFIXES)
    if base_iri:
        prefixes[""] = base_iri
    return prefixes


def sparql(
    glossary: Glossary,
    query: str,
    *,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
) -> SparqlResult:
    """Run a read-only SPARQL query on the glossary's embedded Oxigraph store.

    Parameters
    ----------
    glossary : Glossary
        The glossary; its store (`graph.views.skos.store_of`) is built on first use.
    query : str
        A SELECT, ASK, CONSTRUCT or DESCRIBE query; the known prefixes need
        no declaration.
    params : mapping, optional
        Values bound to variables of the query (``{"term": "deep learning"}``);
        a string ``"<iri>"`` is an IRI, a Turtle literal (``'"5"^^xsd:int'``)
        that literal, other strings are literals, in the glossary's language
        where the variable is a label (`graph.query.params`).
    timeout : float, optional
        Seconds after which the query is stopped: it then runs in a child
        process, its memory capped (`graph.query.embedded.worker_memory`),
        that is killed at the deadline. Without it the query runs in this
        process, unbounded.
    allow_service : bool
        Permit ``SERVICE`` clauses, which make the process fetch other URLs.

    Returns
    -------
    SparqlResult
        Rows as dicts (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).

    Raises
    ------
    QueryError
        For an update, a refused SERVICE, a syntax error (with line and
        column), an unknown parameter, or a query stopped by the timeout or
        the worker's memory cap.
    """
    from ..views.skos import store_of

    shape = check_query(query, allow_service=allow_service)
    prefixes = prefixes_for(glossary.scheme.base_iri)
    text = with_values(shape, bind(params, shape.variables, shape=shape, prefixes=prefixes,
                                   language=glossary.scheme.language))
    store = store_of(glossary)  # built on first use, before the clock starts
    start = time.perf_counter()
    if timeout is None:
        answer = answer_in_process(store, text, prefixes)
        return SparqlResult.from_answer(answer, elapsed=time.perf_counter() - start)
    kind, payload, media = run_with_deadline(store, text, prefixes, timeout)
    return SparqlResult(kind, payload, media, elapsed=time.perf_counter() - start)


def sparql_to(glossary: Glossary, query: str, out: IO[bytes], fmt: str | None = None, *,
              params: Mapping[str, Any] | None = None, allow_service: bool = False,
              width: int = 60, row_cap: int = ROW_CAP) -> Written:
    """Run a read-only query in process and write its answer to `out` as it comes (see `sparql`).

    csv, tsv, json, xml and the RDF formats are written row by row, in memory
    independent of the number of rows; ``table`` shows at most `row_cap` rows.
    Nothing bounds the query's time or memory here: the CLI runs it under a
    watchdog (`graph.commands.watchdog`); a Python caller that needs a bound
    uses `sparql` with a `timeout`.

    Raises
    ------
    QueryError
        As `sparql`, and when the format does not fit the kind of answer.
    """
    from ..views.skos import store_of

    shape = check_query(query, allow_service=allow_service)
    prefixes = prefixes_for(glossary.scheme.base_iri)
    text = with_values(shape, bind(params, shape.variables, shape=shape, prefixes=prefixes,
                                   language=glossary.scheme.language))
    store = store_of(glossary)
    with query_errors():
        answer = store.query(text, prefixes=prefixes)
        return write_answer(answer, out, fmt, prefixes, width, row_cap)


def run_named(glossary: Glossary, name: str, params: Mapping[str, Any] | None = None,
              **options: Any) -> SparqlResult:
    """Run the named query `name` (see `named_queries`) on the embedded store.

    `options` are those of `sparql`. Without a `timeout` the query runs in
    this process, unbounded: pass ``timeout=`` to bound its time (and, in the
    worker process it then runs in, its memory). The CLI stops a named query
    after `NAMED_QUERY_TIMEOUT` seconds unless ``--timeout`` says otherwise.

    >>> from graph.model import Glossary, Term
    >>> [row["label"] for row in run_named(Glossary([Term("alpha")]), "orphans")]
    ['alpha']
    """
    named = named_query(name)
    typed = named.check_params(dict(params or {}))
    return sparql(glossary, named.text, params=typed, **options)
