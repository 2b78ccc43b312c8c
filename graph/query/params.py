"""Query parameters: values bound to variables, never pasted into the query text.

How a value becomes an RDF term (`to_term`):

- ``<https://...>`` is an IRI;
- on the command line (`TurtleText`, what `parse_param` gives), a Turtle
  literal is that literal: ``"model card"@en``, ``"5"^^xsd:int``,
  ``"2025-01-31"^^<http://www.w3.org/2001/XMLSchema#date>`` (the known
  prefixes and the query's own may be used); from Python, a string is never
  read as Turtle (text from anywhere stays text): pass a pyoxigraph term;
- any other text is a string literal, tagged with the glossary's language
  when the variable is a label in the query: the object of
  ``skos:prefLabel``, ``skos:altLabel``, ``skos:hiddenLabel`` or
  ``rdfs:label`` (``?c skos:prefLabel ?l`` binds ``l=model card`` as
  ``"model card"@en``, the form every label of the glossary has);
- Python ints, floats, bools and pyoxigraph terms keep their type.

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
from .safety import QueryShape, tokenize

__all__ = ["parse_param", "parse_params", "to_term", "sparql_term", "values_block", "bind",
           "with_values", "label_variables", "LABEL_PROPERTIES", "TurtleText"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: The properties whose objects are labels: a plain string bound to such a variable gets the
#: glossary's language tag.
LABEL_PROPERTIES = frozenset({
    "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel", "http://www.w3.org/2000/01/rdf-schema#label",
})
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}


class TurtleText(str):
    """A parameter value as typed on the command line: a Turtle literal in it is read as one."""

    __slots__ = ()


def to_term(value: Any, *, language: str | None = None,
            prefixes: Mapping[str, str] | None = None) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An RDF term for a parameter value (the rules are in this module's docstring).

    `language`: the tag a plain string gets (for a variable that is a label).
    `prefixes`: those a Turtle literal's datatype may use (default: skos, xsd, ... as in queries).

    >>> to_term("ai incident response")
    <Literal value=ai incident response datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    >>> to_term("<https://example.org/glossary/alpha>")
    <NamedNode value=https://example.org/glossary/alpha>
    >>> to_term(TurtleText('"model card"@en')), to_term("model card", language="en")
    (<Literal value=model card language=en>, <Literal value=model card language=en>)
    >>> to_term(TurtleText('"5"^^xsd:int')).datatype.value
    'http://www.w3.org/2001/XMLSchema#int'
    >>> to_term('"5"^^xsd:int').value  # from Python: text
    '"5"^^xsd:int'
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
    if isinstance(value, TurtleText) and text.startswith(('"', "'")):
        return _turtle_literal(text, _known_prefixes() if prefixes is None else prefixes)
    return ox.Literal(text, language=language) if language else ox.Literal(text)


def _known_prefixes() -> Mapping[str, str]:
    from ..views.skos import PREFIXES

    return PREFIXES


def _turtle_literal(text: str, prefixes: Mapping[str, str]) -> ox.Literal:
    """The literal `text` writes in Turtle syntax, read by Oxigraph's Turtle parser."""
    declared = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in prefixes.items())
    document = f"{declared}<urn:glossgraph:s> <urn:glossgraph:p> {text} ."
    try:
        quads = list(ox.parse(input=document.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError):
        quads = []
    if len(quads) != 1 or not isinstance(quads[0].object, ox.Literal):
        raise QueryError(f"not a Turtle literal: {text}",
                         hint='a value starting with a quote is read as Turtle: "text", "text"@en, '
                              '"5"^^xsd:int; write text without quotes for a plain string')
    return quads[0].object


def label_variables(shape: QueryShape, prefixes: Mapping[str, str] | None = None) -> set[str]:
    """The variables that are the object of a label property (`LABEL_PROPERTIES`) in the query.

    A property path of label properties (``skos:prefLabel|skos:altLabel ?l``)
    and object lists count too.

    >>> from graph.query.safety import inspect_query
    >>> sorted(label_variables(inspect_query(
    ...     "SELECT * { ?c skos:prefLabel ?l ; skos:altLabel|rdfs:label ?a, ?b ; :x ?y }"),
    ...     {"skos": "http://www.w3.org/2004/02/skos/core#",
    ...      "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}))
    ['a', 'b', 'l']
    """
    known = {**(prefixes or {}), **shape.prefixes}
    tokens = tokenize(shape.text)
    found: set[str] = set()
    index = 0
    while index < len(tokens):
        if not _is_label_property(tokens[index], known):
            index += 1
            continue
        index += 1
        while index + 1 < len(tokens) and tokens[index][1] in "|/" and tokens[index][0] == "punct":
            index += 2  # the other steps of a path
        while index < len(tokens) and tokens[index][0] == "var":
            found.add(tokens[index][1][1:])
            index += 2 if index + 1 < len(tokens) and tokens[index + 1][1] == "," else 1
    return found


def _is_label_property(token: tuple[str, str, int], prefixes: Mapping[str, str]) -> bool:
    kind, text, _ = token
    if kind == "iri":
        return text[1:-1] in LABEL_PROPERTIES
    if kind == "pname":
        prefix, _, local = text.partition(":")
        return prefix in prefixes and prefixes[prefix] + local in LABEL_PROPERTIES
    return False


def parse_param(text: str) -> tuple[str, TurtleText]:
    """Split ``key=value`` (from ``--param``); the key must be a variable name.

    >>> parse_param('term=say "hi" }')
    ('term', 'say "hi" }')
    """
    key, sep, value = text.partition("=")
    key = key.strip().lstrip("?$")
    if not sep or not _NAME.match(key):
        raise QueryError(f"bad parameter {text!r}: expected NAME=VALUE",
                         hint='for example --param term="ai incident response"')
    return key, TurtleText(value)


def parse_params(items: Iterable[str]) -> dict[str, TurtleText]:
    """`parse_param` for each item, in a dict (a later key wins)."""
    return dict(parse_param(item) for item in items)


def bind(params: Mapping[str, Any] | None, variables: set[str], *,
         shape: QueryShape | None = None, prefixes: Mapping[str, str] | None = None,
         language: str | None = None) -> dict[str, Any]:
    """Terms for the parameters; each must name a variable of the query.

    With the query's `shape` and the glossary's `language`, a plain string
    bound to a label variable (`label_variables`) is tagged with that language.

    Raises
    ------
    QueryError
        When a parameter names no variable of the query, or is not a valid term.
    """
    if not params:
        return {}
    known = {**(prefixes or _known_prefixes()), **(shape.prefixes if shape is not None else {})}
    labels = label_variables(shape, known) if shape is not None and language else set()
    terms: dict[str, Any] = {}
    for name, value in (params or {}).items():
        key = name.lstrip("?$")
        if key not in variables:
            known = ", ".join(f"?{v}" for v in sorted(variables)) or "none"
            raise QueryError(f"parameter {key!r} is not a variable of the query",
                             hint=f"variables: {known}")
        terms[key] = to_term(value, language=language if key in labels else None, prefixes=known)
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
