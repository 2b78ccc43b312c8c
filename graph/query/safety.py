"""Read a SPARQL query's shape without running it: form, prefixes, variables, safety.

A small tokenizer that knows where strings, IRIs, comments, variables and
prefixed names begin and end, so that a keyword is only a keyword where the
SPARQL grammar would see one: ``"DROP"``, ``<http://x/SERVICE>``,
``?insert``, ``ex:delete`` and ``# LOAD`` are not refused. Codepoint escapes
(``\\u0053ERVICE``) are undone first, as the SPARQL grammar requires (and as
Oxigraph does), so they cannot hide a keyword.

Examples
--------
>>> inspect_query("SELECT ?s WHERE { ?s ?p 'SERVICE' }").form
'SELECT'
>>> check_query("DROP ALL")
Traceback (most recent call last):
...
graph.errors.QueryError: updates are refused: glossgraph runs read-only queries (found DROP)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..errors import QueryError

__all__ = ["QUERY_FORMS", "UPDATE_KEYWORDS", "QueryShape", "inspect_query", "check_query",
           "unescape_codepoints", "tokenize"]

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                             "MOVE", "COPY", "WITH"})

_PN = r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\U000EFFFF"
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'(?:[^'\\\n\r]|\\.)*'
             |"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][{_PN}0-9_\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<pname>(?:[{_PN}_][{_PN}0-9_.\-\u00B7]*)?:(?:[\w\-.:%\u00B7]|\\.)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CODEPOINT = re.compile(r"\\(\\)|\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass
class QueryShape:
    """What a query is, found without running it.

    `form` is SELECT, CONSTRUCT, DESCRIBE or ASK (None when not a query);
    `keywords` every keyword token upper-cased; `prefixes` the declared
    prefixes; `variables` every variable name; `text` the query with its
    codepoint escapes undone; `where` the offset in `text` just after the
    ``{`` that opens the WHERE pattern (None when not found).
    """

    form: str | None = None
    keywords: list[str] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    variables: set[str] = field(default_factory=set)
    where: int | None = None
    text: str = ""


def unescape_codepoints(text: str) -> str:
    r"""Undo ``\uHHHH`` and ``\UHHHHHHHH`` escapes, keeping ``\\`` as it is.

    >>> unescape_codepoints(r"\u0053ERVICE \\u0053")
    'SERVICE \\\\u0053'
    """

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(0)
        try:
            return chr(int(match.group(2) or match.group(3), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return _CODEPOINT.sub(replace, text)


def tokenize(text: str) -> list[tuple[str, str, int]]:
    """The significant tokens of a query as (kind, text, end offset); no spaces or comments.

    >>> [t[:2] for t in tokenize("ASK { ?s a ex:C } # done")]
    [('word', 'ASK'), ('punct', '{'), ('var', '?s'), ('word', 'a'), ('pname', 'ex:C'), ('punct', '}')]
    """
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            tokens.append((kind, match.group(), match.end()))
    return tokens


def inspect_query(text: str) -> QueryShape:
    """Find the form, prefixes, variables and WHERE pattern of a query (no execution)."""
    text = unescape_codepoints(text)
    tokens = tokenize(text)
    shape = QueryShape(text=text)
    index = _read_prologue(tokens, shape.prefixes)
    if index < len(tokens) and tokens[index][1].upper() in QUERY_FORMS:
        shape.form = tokens[index][1].upper()
    shape.keywords = [tok.upper() for kind, tok, _ in tokens if kind == "word"]
    shape.variables = {tok[1:] for kind, tok, _ in tokens if kind == "var"}
    if shape.form:
        shape.where = _where_offset(tokens, index)
    return shape


def _read_prologue(tokens: list[tuple[str, str, int]], prefixes: dict[str, str]) -> int:
    index = 0
    while index < len(tokens):
        word = tokens[index][1].upper()
        if word == "BASE" and index + 1 < len(tokens):
            index += 2
        elif word == "PREFIX" and index + 2 < len(tokens):
            prefixes[tokens[index + 1][1].rstrip(":")] = tokens[index + 2][1].strip("<>")
            index += 3
        else:
            return index
    return index


def _where_offset(tokens: list[tuple[str, str, int]], start: int) -> int | None:
    """The offset after the `{` opening the query pattern (skipping a CONSTRUCT template)."""
    index = start + 1
    if tokens[start][1].upper() == "CONSTRUCT":
        if index < len(tokens) and tokens[index][1] == "{":
            index = _after_group(tokens, index)
        elif index < len(tokens) and tokens[index][1].upper() == "WHERE":
            return None  # CONSTRUCT WHERE { }: the pattern is also the template
    for position in range(index, len(tokens)):
        if tokens[position][1] == "{":
            return tokens[position][2]
    return None


def _after_group(tokens: list[tuple[str, str, int]], index: int) -> int:
    depth = 0
    for position in range(index, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[position][1], 0)
        if depth == 0:
            return position + 1
    return len(tokens)


def check_query(text: str, *, allow_service: bool = False) -> QueryShape:
    """Refuse updates, SERVICE (unless allowed) and text that is not a query.

    Returns the query's shape (a copy of the one kept for this text: a query
    run again, a named query above all, is not tokenized again).

    Raises
    ------
    QueryError
        For an update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE,
        COPY), a SERVICE clause without `allow_service`, or no query form.
    """
    shape = _checked_shape(text, allow_service)
    return replace(shape, keywords=list(shape.keywords), prefixes=dict(shape.prefixes),
                   variables=set(shape.variables))


@lru_cache(maxsize=256)
def _checked_shape(text: str, allow_service: bool) -> QueryShape:
    """`check_query` without the copy; a refused text raises each time (errors are not kept)."""
    shape = inspect_query(text)
    updates = [word for word in shape.keywords if word in UPDATE_KEYWORDS]
    if updates:
        raise QueryError(f"updates are refused: glossgraph runs read-only queries (found {updates[0]})",
                         hint="use your triple store's own tools to change data")
    if not allow_service and "SERVICE" in shape.keywords:
        raise QueryError("SERVICE (federated query) is refused: it would make glossgraph fetch "
                         "other URLs", hint="pass --allow-service (allow_service=True) to permit it")
    if shape.form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return shape
