"""The result of a SPARQL query: rows as dicts, a boolean, or triples.

Every way of running a query (in process, in a worker with a deadline, on a
remote endpoint) ends with a payload in a W3C format (SPARQL JSON results for
SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE); `SparqlResult` parses
it once with pyoxigraph and serialises it to any output format.
"""

from __future__ import annotations

import datetime
import decimal
import json
from collections.abc import Iterator, Sequence
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from ..gcpause import paused_gc

__all__ = ["SparqlResult", "to_python", "term_to_python"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
             "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
             "unsignedShort", "unsignedByte"}


def _boolean(text: str) -> bool:
    return text.strip() in ("true", "1")


_CONVERTERS: dict[str, Any] = {
    **{_XSD + name: int for name in _INTEGERS},
    _XSD + "decimal": decimal.Decimal,
    _XSD + "double": float,
    _XSD + "float": float,
    _XSD + "boolean": _boolean,
    _XSD + "date": datetime.date.fromisoformat,
    _XSD + "dateTime": datetime.datetime.fromisoformat,
}


#: The same, keyed by the datatype's NamedNode: looking it up needs no copy of the IRI text.
_BY_DATATYPE: dict[ox.NamedNode, Any] = {ox.NamedNode(iri): convert for iri, convert in _CONVERTERS.items()}
_NAMED_NODE, _LITERAL = ox.NamedNode, ox.Literal


def _literal_value(literal: ox.Literal) -> Any:
    convert = _BY_DATATYPE.get(literal.datatype)
    if convert is None:
        return literal.value
    try:
        return convert(literal.value)
    except (ValueError, ArithmeticError):
        return literal.value


def term_to_python(term: Any) -> Any:
    """A Python value for an RDF term: IRI -> str, literal -> int/float/date/bool/str.

    >>> term_to_python(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer")))
    3
    >>> term_to_python(ox.NamedNode("http://example.org/a"))
    'http://example.org/a'
    >>> term_to_python(None) is None
    True
    """
    kind = type(term)  # exact types first: this runs once per value of every row
    if kind is _NAMED_NODE:
        return term.value
    if kind is _LITERAL:
        return _literal_value(term)
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _literal_value(term)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


to_python = term_to_python

_XSD_STRING = _XSD + "string"


def _json_term(term: Any) -> dict[str, str]:
    """One RDF term in the SPARQL JSON results shape."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        if term.datatype.value != _XSD_STRING:
            return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": str(term)}


class SparqlResult:
    """The answer to one query.

    Attributes
    ----------
    kind : str
        ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT and DESCRIBE).
    variables : list of str
        The projected variables of a SELECT (empty otherwise).
    terms : list of tuple
        The SELECT rows as pyoxigraph terms (None where unbound).
    boolean : bool or None
        The answer of an ASK.
    triples : list of pyoxigraph.Triple
        The triples of a CONSTRUCT or DESCRIBE.
    elapsed : float
        Seconds the query took, parsing of the answer included.

    Iterating gives the rows as dicts (SELECT) or the triples; ``bool()`` is
    the ASK answer, else whether there is any row or triple.

    The SELECT rows are kept as pyoxigraph's solutions: `terms` and `rows`
    are made from them when first asked for, and iterating makes each row's
    dict only when it is reached (no list of dicts, no second copy of the
    terms).
    """

    def __init__(self, kind: str, payload: bytes, media_type: str, elapsed: float = 0.0) -> None:
        self.kind = kind
        self.elapsed = elapsed
        self.variables: list[str] = []
        self._solutions: Sequence[Any] = []
        self._terms: list[tuple[Any, ...]] | None = None
        self.boolean: bool | None = None
        self.triples: list[ox.Triple] = []
        self._payload, self._media_type = payload, media_type
        try:
            self._parse(payload, media_type)
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"could not read the query results ({media_type}): {exc}") from None

    @classmethod
    def from_answer(cls, answer: tuple[Any, ...], elapsed: float = 0.0) -> SparqlResult:
        """Wrap an in-process answer (see `answer_in_process`) without a payload round trip.

        The W3C payload is made only if an output format asks for it.
        """
        result = cls.__new__(cls)
        result.elapsed, result._payload, result._media_type = elapsed, None, None
        result.variables, result._solutions, result._terms = [], [], None
        result.boolean, result.triples = None, []
        result.kind = answer[0]
        if result.kind == "graph":
            result.triples = answer[1]
        elif result.kind == "ask":
            result.boolean = answer[1]
        else:
            result.variables, result._solutions = answer[1], answer[2]
        return result

    def _parse(self, payload: bytes, media_type: str) -> None:
        if self.kind == "graph":
            fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
            self.triples = [quad.triple for quad in ox.parse(payload, format=fmt)]
            return
        fmt = ox.QueryResultsFormat.from_media_type(media_type) or ox.QueryResultsFormat.JSON
        parsed = ox.parse_query_results(payload, format=fmt)
        if isinstance(parsed, ox.QueryBoolean):
            self.kind, self.boolean = "ask", bool(parsed)
            return
        self.kind = "select"
        self.variables = [variable.value for variable in parsed.variables]
        with paused_gc():  # as in `answer_in_process`: many solutions, all kept
            self._solutions = list(parsed)

    @property
    def terms(self) -> list[tuple[Any, ...]]:
        """The SELECT rows as tuples of pyoxigraph terms (None where unbound)."""
        if self._terms is None:
            with paused_gc():  # many small tuples, all kept: collections would find nothing
                self._terms = [tuple(solution) for solution in self._solutions]
            self._solutions = self._terms
        return self._terms

    @terms.setter
    def terms(self, terms: list[tuple[Any, ...]]) -> None:
        self._terms = self._solutions = terms

    def _dicts(self) -> Iterator[dict[str, Any]]:
        """One dict of Python values per SELECT row, each made when it is reached."""
        variables, convert = self.variables, term_to_python
        for solution in self._solutions:
            yield dict(zip(variables, map(convert, solution)))

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The SELECT rows as dicts of Python values (None where unbound)."""
        with paused_gc():
            return list(self._dicts())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.triples) if self.kind == "graph" else self._dicts()

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self._solutions)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    def __repr__(self) -> str:
        if self.kind == "ask":
            return f"<SparqlResult ask {self.boolean}>"
        unit = "triples" if self.kind == "graph" else "rows"
        return f"<SparqlResult {self.kind} {len(self)} {unit}>"

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the rows as tuples of terms (pyoxigraph's solutions do not pickle)."""
        self.terms  # noqa: B018 - makes the tuples
        return dict(self.__dict__)

    def to_dataframe(self) -> Any:
        """The SELECT rows as a pandas DataFrame (needs pandas, which is optional).

        Raises
        ------
        QueryError
            When pandas is not installed or the result has no rows/columns shape.
        """
        try:
            import pandas
        except ImportError:
            raise QueryError("to_dataframe needs pandas", hint="pip install pandas") from None
        if self.kind == "graph":
            columns = ["subject", "predicate", "object"]
            data = [[term_to_python(t.subject), t.predicate.value, term_to_python(t.object)]
                    for t in self.triples]
            return pandas.DataFrame(data, columns=columns)
        if self.kind == "ask":
            return pandas.DataFrame({"boolean": [self.boolean]})
        return pandas.DataFrame(self.rows, columns=self.variables)

    def results_payload(self, fmt: ox.QueryResultsFormat) -> bytes:
        """The SELECT or ASK answer in a W3C results format (JSON, XML, CSV, TSV)."""
        if self._payload is None:
            self._payload, self._media_type = self._json_payload(), "application/sparql-results+json"
        parsed = ox.parse_query_results(self._payload, format=self._results_format())
        return parsed.serialize(format=fmt)

    def _json_payload(self) -> bytes:
        """The answer as SPARQL 1.1 JSON results, made from the terms."""
        if self.kind == "ask":
            document: dict[str, Any] = {"head": {}, "boolean": bool(self.boolean)}
        else:
            bindings = [{name: _json_term(term) for name, term in zip(self.variables, row)
                         if term is not None} for row in self._solutions]
            document = {"head": {"vars": self.variables}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False).encode("utf-8")

    def _results_format(self) -> ox.QueryResultsFormat:
        return ox.QueryResultsFormat.from_media_type(self._media_type) or ox.QueryResultsFormat.JSON
