"""Write a query's answer to an output as it comes, in memory independent of its size.

`write_answer` takes pyoxigraph's lazy answer (solutions, a boolean or
triples, from the embedded store or parsed from a remote reply as it is
read) and writes it in the asked format: csv, tsv, json and xml stream
through Oxigraph's serialisers row by row; the aligned ``table`` needs its
column widths first, so it shows at most `ROW_CAP` rows and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

import pyoxigraph as ox

from ..errors import QueryError
from .formatting import _RDF, _RESULTS, GRAPH_FORMATS, SELECT_FORMATS, table_text

__all__ = ["ROW_CAP", "Written", "write_answer"]

#: Most rows the ``table`` format shows (the other formats write every row).
ROW_CAP = 10_000


@dataclass
class Written:
    """What was written: the kind of answer, rows shown, whether rows were left out, the ASK answer."""

    kind: str
    rows: int | None = None
    truncated: bool = False
    boolean: bool | None = None


def _kind(answer: Any) -> str:
    if isinstance(answer, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(answer, ox.QuerySolutions) else "graph"


def _check_format(kind: str, fmt: str) -> None:
    if kind == "graph" and fmt not in _RDF:
        raise QueryError(f"format {fmt!r} is for SELECT results",
                         hint=f"CONSTRUCT and DESCRIBE give: {', '.join(GRAPH_FORMATS)}")
    if kind != "graph" and fmt in _RDF:
        raise QueryError(f"format {fmt!r} is for CONSTRUCT and DESCRIBE results",
                         hint=f"SELECT and ASK give: {', '.join(SELECT_FORMATS)}")


def write_answer(answer: Any, out: IO[bytes], fmt: str | None = None,
                 prefixes: Mapping[str, str] | None = None, width: int = 60,
                 row_cap: int = ROW_CAP) -> Written:
    """Write `answer` (pyoxigraph QuerySolutions, QueryBoolean, or triples) to `out`.

    Raises
    ------
    QueryError
        When the format does not fit the kind of answer.
    """
    kind = _kind(answer)
    fmt = fmt or ("turtle" if kind == "graph" else "table")
    _check_format(kind, fmt)
    prefixes = dict(prefixes or {})
    if kind == "graph":
        ending = _Ending(out)
        ox.serialize(answer, output=ending, format=_RDF[fmt], prefixes=prefixes)
        if ending.last not in (b"", b"\n"):  # JSON-LD ends without one
            out.write(b"\n")
        return Written(kind)
    if kind == "ask":
        boolean = bool(answer)
        if fmt == "table":
            out.write(b"true\n" if boolean else b"false\n")
        else:
            _serialize_results(answer, out, fmt)
        return Written(kind, boolean=boolean)
    if fmt != "table":
        _serialize_results(answer, out, fmt)
        return Written(kind)
    variables = [variable.value for variable in answer.variables]
    rows = [tuple(solution) for solution in islice(answer, row_cap + 1)]
    truncated = len(rows) > row_cap
    out.write(table_text(variables, rows[:row_cap], prefixes, width).encode("utf-8"))
    return Written(kind, rows=min(len(rows), row_cap), truncated=truncated)


def _serialize_results(answer: Any, out: IO[bytes], fmt: str) -> None:
    """The W3C results document, streamed, ending with a newline."""
    ending = _Ending(out)
    answer.serialize(ending, format=_RESULTS[fmt])
    if ending.last != b"\n":
        out.write(b"\n")


class _Ending:
    """A binary writer that remembers the last byte written."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out, self.last = out, b""

    def write(self, data: bytes) -> int:
        if data:
            self.last = bytes(data[-1:])
        return self._out.write(data)

    def flush(self) -> None:
        self._out.flush()
