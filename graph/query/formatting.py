"""Write a `SparqlResult` as text: an aligned table, or a W3C/RDF format.

SELECT: ``table``, ``csv``, ``tsv``, ``json`` and ``xml`` (the W3C SPARQL
1.1 results formats, written by Oxigraph). ASK: ``table`` gives ``true`` or
``false``; json and xml give the W3C boolean documents. CONSTRUCT and
DESCRIBE: ``turtle``, ``nt`` and ``jsonld``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from .results import SparqlResult

__all__ = ["SELECT_FORMATS", "GRAPH_FORMATS", "FORMATS", "default_format", "render",
           "shorten", "table"]

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "nt", "jsonld")
FORMATS = SELECT_FORMATS + GRAPH_FORMATS
_RESULTS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
            "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
_RDF = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD}
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[\w\-./]*[\w\-])?$")


def default_format(result: SparqlResult) -> str:
    """``turtle`` for CONSTRUCT and DESCRIBE, else ``table``."""
    return "turtle" if result.kind == "graph" else "table"


def shorten(iri: str, prefixes: Mapping[str, str]) -> str:
    """An IRI as ``prefix:local`` with the longest matching namespace, else ``<iri>``.

    >>> shorten("http://www.w3.org/2004/02/skos/core#Concept",
    ...         {"skos": "http://www.w3.org/2004/02/skos/core#"})
    'skos:Concept'
    >>> shorten("https://example.org/glossary/deep-learning", {"": "https://example.org/glossary/"})
    ':deep-learning'
    >>> shorten("https://other.org/x y", {})
    '<https://other.org/x y>'
    """
    best: str | None = None
    for prefix, namespace in prefixes.items():
        if namespace and iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
            if best is None or len(namespace) > len(prefixes[best]):
                best = prefix
    if best is not None:
        return f"{best}:{iri[len(prefixes[best]):]}"
    return f"<{iri}>"


def _cell(term: Any, prefixes: Mapping[str, str], width: int) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = shorten(term.value, prefixes)
    elif isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, ox.Literal):
        text = term.value
    else:
        text = str(term)
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def table(result: SparqlResult, prefixes: Mapping[str, str], width: int = 60) -> str:
    """The SELECT rows as aligned columns under a header; IRIs shortened.

    `width` caps each cell (0 for no cap).
    """
    cells = [[_cell(term, prefixes, width) for term in row] for row in result.terms]
    header = [f"?{name}" for name in result.variables]
    widths = [max([len(header[i])] + [len(row[i]) for row in cells])
              for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def render(result: SparqlResult, fmt: str | None = None,
           prefixes: Mapping[str, str] | None = None, width: int = 60) -> str:
    """The result as text in `fmt` (default: table, or turtle for graph results).

    Raises
    ------
    QueryError
        When the format does not fit the kind of result; the message lists those that do.
    """
    fmt = fmt or default_format(result)
    prefixes = dict(prefixes or {})
    if result.kind == "graph":
        if fmt not in _RDF:
            raise QueryError(f"format {fmt!r} is for SELECT results",
                             hint=f"CONSTRUCT and DESCRIBE give: {', '.join(GRAPH_FORMATS)}")
        text = ox.serialize(result.triples, format=_RDF[fmt], prefixes=prefixes).decode("utf-8")
        return text if not text or text.endswith("\n") else text + "\n"  # JSON-LD ends without
    if fmt in _RDF:
        raise QueryError(f"format {fmt!r} is for CONSTRUCT and DESCRIBE results",
                         hint=f"SELECT and ASK give: {', '.join(SELECT_FORMATS)}")
    if fmt == "table":
        if result.kind == "ask":
            return ("true" if result.boolean else "false") + "\n"
        return table(result, prefixes, width)
    text = result.results_payload(_RESULTS[fmt]).decode("utf-8")
    return text if text.endswith("\n") else text + "\n"
