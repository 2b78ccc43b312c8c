"""The library of named queries shipped as ``graph/query/queries/*.rq``.

Each file starts with a one-line ``# description`` comment, then one
``# param NAME: what it is`` comment per parameter, then the query. The
prefixes every query gets (skos, dcterms, gg, the base IRI as ``:`` ...) are
not written in the files.

Examples
--------
>>> "top-concepts" in named_queries()
True
>>> named_query("descendants").params
{'term': 'label or alias of the term (case-insensitive)'}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import QueryError

__all__ = ["QUERIES_DIR", "NamedQuery", "named_queries", "named_query"]

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"^#\s*param\s+([A-Za-z_]\w*)\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    """One shipped query: its name (the file stem), description, parameters and text."""

    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)

    def check_params(self, given: dict[str, object]) -> None:
        """Raise QueryError when a declared parameter is missing."""
        missing = [name for name in self.params if name not in given]
        if missing:
            wanted = " ".join(f'--param {name}="..."' for name in missing)
            raise QueryError(f"query {self.name!r} needs {', '.join(missing)}", hint=wanted)


def _read(path: Path) -> NamedQuery:
    lines = path.read_text(encoding="utf-8").splitlines()
    description = lines[0].lstrip("#").strip() if lines and lines[0].startswith("#") else ""
    params: dict[str, str] = {}
    for line in lines[1:]:
        match = _PARAM.match(line.strip())
        if match:
            params[match.group(1)] = match.group(2).strip()
    return NamedQuery(path.stem, description, "\n".join(lines) + "\n", params)


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
