"""Parse an RDF file with pyoxigraph, offline (the first step of the SKOS import).

Parsing never touches the network: a JSON-LD `@context` given as a URL is
refused (`RemoteContextError`) unless the caller maps that URL to a local file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import ConfigError
from .xml_safety import check_xml_entities

__all__ = ["RDF_FORMATS", "RemoteContextError", "rdf_format", "parse_quads", "quad_stream",
           "is_invalid_term_error"]

#: rdflib-style format names (and common aliases) -> Oxigraph formats.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "xml": ox.RdfFormat.RDF_XML, "rdf/xml": ox.RdfFormat.RDF_XML,
    "pretty-xml": ox.RdfFormat.RDF_XML, "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES, "nt11": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "n-quads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD, "jsonld": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}


class RemoteContextError(ValueError):
    """A JSON-LD document names a remote `@context`, which glossgraph never fetches."""


def rdf_format(name: str) -> ox.RdfFormat:
    """The Oxigraph format for an rdflib-style name.

    >>> rdf_format("turtle")
    <RdfFormat Turtle>
    >>> rdf_format("csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.ConfigError: unknown RDF format 'csv'; known formats: json-ld, n3, ...
    """
    try:
        return RDF_FORMATS[name.lower()]
    except KeyError:
        known = "json-ld, n3, nquads, nt, trig, turtle, xml"
        raise ConfigError(f"unknown RDF format {name!r}; known formats: {known}") from None


def parse_quads(path: Path, fmt: str, contexts: dict[str, str | Path] | None = None) -> list:
    """Parse an RDF file into Oxigraph quads, offline.

    Raises
    ------
    RemoteContextError
        When a JSON-LD `@context` is a URL not mapped to a local file in `contexts`.
    SyntaxError, OSError
        When the file cannot be read or parsed.
    ValueError
        When it is unsafe to parse (XML entities past their budget, a token
        over 16 MiB, JSON nested too deeply).
    """
    return list(quad_stream(path, fmt, contexts))


def quad_stream(path: Path, fmt: str, contexts: dict[str, str | Path] | None, *,
                lenient: bool = False) -> Iterator:
    """The quads of an RDF file as Oxigraph parses them (errors raise while iterating).

    `lenient` skips the parser's validation of IRIs and language tags: the
    caller checks them (see `graph.sources.skos_lenient`).
    """
    syntax = rdf_format(fmt)
    data = path.read_bytes()
    if syntax == ox.RdfFormat.RDF_XML:
        check_xml_entities(data)  # before the parser expands a billion laughs
    if syntax == ox.RdfFormat.JSON_LD:
        data = _inline_contexts(data, contexts or {})
    base = path.resolve().as_uri()
    try:
        yield from ox.parse(data, format=syntax, base_iri=base, lenient=lenient)
    except SyntaxError as exc:
        if "LoadDocumentCallback" in str(exc) or "remote context" in str(exc).lower():
            raise RemoteContextError("the JSON-LD document loads a remote context") from None
        raise
    except MemoryError as exc:  # Oxigraph's token buffer is capped at 16 MiB
        if "buffer maximal size" not in str(exc):
            raise
        raise ValueError("a single token (a literal or an IRI) is longer than the 16 MiB "
                         "that the RDF parser accepts") from None


#: What Oxigraph says of an IRI or a language tag it refuses (the rest of the syntax is fine).
_INVALID_TERM = re.compile(r"\bIRI\b|language tag|subtag", re.IGNORECASE)


def is_invalid_term_error(exc: BaseException) -> bool:
    """Whether a parse error is about one invalid IRI or language tag (a lenient parse reads on).

    >>> is_invalid_term_error(SyntaxError("error while parsing IRI 'http://x/b c': Invalid IRI"))
    True
    >>> is_invalid_term_error(SyntaxError("Unexpected end of file"))
    False
    """
    return isinstance(exc, SyntaxError) and bool(_INVALID_TERM.search(str(exc)))


def _inline_contexts(data: bytes, contexts: dict[str, str | Path]) -> bytes:
    """Replace every `@context` URL by the content of its local file, or refuse."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise ValueError("the JSON-LD document is nested too deeply to read") from None

    def local(value: Any) -> Any:
        if isinstance(value, str):
            if value not in contexts:
                raise RemoteContextError(f"JSON-LD @context {value!r} is remote")
            loaded = json.loads(Path(contexts[value]).read_text(encoding="utf-8"))
            return loaded.get("@context", loaded) if isinstance(loaded, dict) else loaded
        if isinstance(value, list):
            return [local(item) for item in value]
        return value

    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "@context" in node:
                node["@context"] = local(node["@context"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return json.dumps(document).encode("utf-8")
