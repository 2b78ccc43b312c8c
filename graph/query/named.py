"""The library of named queries shipped as ``graph/query/queries/*.rq``.

Each file starts with a one-line ``# description`` comment, then one
``# param NAME: what it is`` comment per parameter, then the query. A typed
parameter names its type, ``# param since (xsd:date): a date as YYYY-MM-DD``:
its value is checked (a clear error instead of a query that silently matches
everything) and bound as a literal of that type. The
prefixes every query gets (skos, dcterms, gg, the base IRI as ``:`` ...) are
not written in the files.

Examples
--------
>>> "top-concepts" in named_queries()
True
>>> named_query("descendants").params
{'term': 'label or alias of the term (case-insensitive)'}
>>> named_query("not-reviewed-since").check_params({"since": "2025-01-31"})
{'since': <Literal value=2025-01-31 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError

__all__ = ["QUERIES_DIR", "NamedQuery", "PARAM_TYPES", "named_queries", "named_query"]

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"^#\s*param\s+([A-Za-z_]\w*)\s*(?:\(\s*([\w:]+)\s*\))?\s*:\s*(.*)$")
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


#: Type of a named query's parameter -> (is the text valid, what it is, how to write one).
PARAM_TYPES: dict[str, tuple[Callable[[str], bool], str, str]] = {
    "xsd:date": (_date, "a date", "YYYY-MM-DD, for example 2025-01-31"),
    "xsd:integer": (lambda text: bool(re.fullmatch(r"[+-]?\d+", text)), "a whole number", "42"),
}


@dataclass(frozen=True)
class NamedQuery:
    """One shipped query: its name (the file stem), description, parameters and text."""

    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    #: Parameter -> its declared type (a key of `PARAM_TYPES`), for typed parameters only.
    types: dict[str, str] = field(default_factory=dict)

    def check_params(self, given: dict[str, Any]) -> dict[str, Any]:
        """The parameters, typed ones as literals of their type.

        Raises
        ------
        QueryError
            When a declared parameter is missing, or a typed one's text is not of its type.
        """
        missing = [name for name in self.params if name not in given]
        if missing:
            wanted = " ".join(f'--param {name}="..."' for name in missing)
            raise QueryError(f"query {self.name!r} needs {', '.join(missing)}", hint=wanted)
        return {name: self._typed(name, value) for name, value in given.items()}

    def _typed(self, name: str, value: Any) -> Any:
        kind = self.types.get(name)
        if kind is None or not isinstance(value, str) or value.startswith(('"', "<")):
            return value  # untyped, a Python value, or an RDF term written out: bound as it is
        valid, what, example = PARAM_TYPES[kind]
        if not valid(value):
            raise QueryError(f"--param {name}={value!r} is not {what} (query {self.name!r})",
                             hint=f"write {what} as {example}")
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + kind.split(":")[1]))


def _read(path: Path) -> NamedQuery:
    lines = path.read_text(encoding="utf-8").splitlines()
    description = lines[0].lstrip("#").strip() if lines and lines[0].startswith("#") else ""
    params: dict[str, str] = {}
    types: dict[str, str] = {}
    for line in lines[1:]:
        match = _PARAM.match(line.strip())
        if match:
            name, kind, text = match.groups()
            params[name] = text.strip()
            if kind is not None:
                if kind not in PARAM_TYPES:
                    raise ValueError(f"{path.name}: unknown parameter type {kind!r}")
                types[name] = kind
    return NamedQuery(path.stem, description, "\n".join(lines) + "\n", params, types)


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """Every shipped named query by name, sorted by name."""
    return {path.stem: _read(path) for path in sorted(QUERIES_DIR.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    """The named query `name`.

    Raises
    ------
    QueryError
        When there is no such query (the message lists the known names).
    """
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}",
                         hint=f"known: {', '.join(queries)} (see glossgraph sparql --list)")
    return queries[name]
