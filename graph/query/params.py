"""Query parameters: values bound to variables, never pasted into the query text.

A parameter becomes a ``VALUES`` block that opens the query's WHERE pattern,
on the embedded store and on remote endpoints alike (Oxigraph's own
substitutions only bind projected variables, and a remote endpoint has no
such thing). The block is written by `values_block` from RDF terms, with
every character a literal could use to end itself escaped, and inserted at
a position found by the tokenizer: a value is data, never query text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from .safety import QueryShape

__all__ = ["parse_param", "parse_params", "to_term", "sparql_term", "values_block", "bind",
           "with_values"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}


def to_term(value: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An RDF term for a parameter value.

    Strings become plain literals, except ``<iri>`` which becomes an IRI;
    Python ints, floats, bools and pyoxigraph terms keep their type.

    >>> to_term("ai incident response")
    <Literal value=ai incident response datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    >>> to_term("<https://example.org/glossary/alpha>")
    <NamedNode value=https://example.org/glossary/alpha>
    """
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool | int | float):
        return ox.Literal(value)
    text = str(value)
    if len(text) > 2 and text.startswith("<") and text.endswith(">"):
        try:
            return ox.NamedNode(text[1:-1])
        except ValueError:
            raise QueryError(f"not a valid IRI: {text}") from None
    return ox.Literal(text)


def parse_param(text: str) -> tuple[str, str]:
    """Split ``key=value`` (from ``--param``); the key must be a variable name.

    >>> parse_param('term=say "hi" }')
    ('term', 'say "hi" }')
    """
    key, sep, value = text.partition("=")
    key = key.strip().lstrip("?$")
    if not sep or not _NAME.match(key):
        raise QueryError(f"bad parameter {text!r}: expected NAME=VALUE",
                         hint='for example --param term="ai incident response"')
    return key, value


def parse_params(items: Iterable[str]) -> dict[str, str]:
    """`parse_param` for each item, in a dict (a later key wins)."""
    return dict(parse_param(item) for item in items)


def bind(params: Mapping[str, Any] | None, variables: set[str]) -> dict[str, Any]:
    """Terms for the parameters; each must name a variable of the query.

    Raises
    ------
    QueryError
        When a parameter names no variable of the query.
    """
    terms: dict[str, Any] = {}
    for name, value in (params or {}).items():
        key = name.lstrip("?$")
        if key not in variables:
            known = ", ".join(f"?{v}" for v in sorted(variables)) or "none"
            raise QueryError(f"parameter {key!r} is not a variable of the query",
                             hint=f"variables: {known}")
        terms[key] = to_term(value)
    return terms


def _string(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(char, char) for char in text) + '"'


def sparql_term(term: Any) -> str:
    """A term written in SPARQL syntax, with escapes only (never ``\\u`` codepoints).

    >>> print(sparql_term(ox.Literal('a "b" } \\\\u0022')))
    "a \\"b\\" } \\\\u0022"
    """
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"  # pyoxigraph has checked it is a valid IRI
    if isinstance(term, ox.Literal):
        text = _string(term.value)
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value == _XSD_STRING:
            return text
        return f"{text}^^<{term.datatype.value}>"
    raise QueryError(f"cannot send {term!r} as a parameter to a remote endpoint")


def values_block(terms: Mapping[str, Any]) -> str:
    """One ``VALUES (?a ?b) { (... ...) }`` block binding every parameter.

    >>> values_block({"term": ox.Literal("x")})
    'VALUES (?term) { ("x") } '
    """
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(sparql_term(term) for term in terms.values())
    return f"VALUES ({names}) {{ ({values}) }} "


def with_values(shape: QueryShape, terms: Mapping[str, Any]) -> str:
    """The query text with a VALUES block binding `terms` opening its WHERE pattern.

    >>> from graph.query.safety import inspect_query
    >>> print(with_values(inspect_query("ASK { ?s ?p ?o }"), {"o": ox.Literal('} "')}))
    ASK { VALUES (?o) { ("} \\"") }  ?s ?p ?o }

    Raises
    ------
    QueryError
        When the query has no WHERE pattern to bind in (``CONSTRUCT WHERE``).
    """
    if not terms:
        return shape.text
    if shape.where is None:
        raise QueryError("parameters need a WHERE pattern to bind in",
                         hint="write CONSTRUCT { template } WHERE { pattern }")
    return f"{shape.text[:shape.where]} {values_block(terms)}{shape.text[shape.where:]}"
