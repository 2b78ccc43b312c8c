"""Read glossary terms from YAML files, with the position of every entry.

Files are composed into PyYAML nodes (which carry line and column marks) with
the C loader when it is available, checked for duplicate keys and excessive
nesting, then constructed with the safe constructor only. Anything that cannot
be read becomes a load finding; nothing here raises on bad content.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..fileio import FileTooLargeError, NotRegularFileError, read_regular
from ..findings import Finding
from ..model import ABSOLUTE_IRI, RELATIONS, Position, Reference, Term
from .yaml_nodes import FastSafeLoader, TooDeep, TooExpanded, check_expansion, construct, may_alias

__all__ = ["LOADER", "MAX_FILE_BYTES", "MAX_DEPTH", "MAX_NODES", "ALIAS_NODE_BUDGET", "ALIAS_CHAR_BUDGET",
           "parse_yaml_text", "read_yaml_file"]

#: The C safe loader (about 8x faster than the pure one) with a fast string resolver;
#: `yaml.SafeLoader` is the fallback when PyYAML was built without libyaml.
LOADER: type = FastSafeLoader

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 50
#: Most YAML nodes (scalars, lists, mappings, aliases) a file may hold: about 0.5 KB of memory
#: each once composed. Files under this many characters cannot hold more and are not counted.
MAX_NODES = 1_000_000
#: How many nodes, and characters of text, aliases (``*name``) may add to a file once expanded.
ALIAS_NODE_BUDGET = 10_000
ALIAS_CHAR_BUDGET = 1_000_000
#: `# glossgraph: ignore GG203, stale-review`: codes, prefixes or rule names up to the end of
#: the line, or up to a second `#` that starts a reason.
_SUPPRESS = re.compile(r"#[ \t]*glossgraph:[ \t]*ignore\b([^\n#]*)", re.IGNORECASE)
_ITEM = re.compile(r"[^\s,]+")
_LIST_FIELDS = ("aliases", "categories", "roles")
_TEXT_FIELDS = ("part_of_speech", "short_def", "long_def", "license", "status")
_DICT_FIELDS = ("audiences", "examples", "governance")
_KNOWN_FIELDS = frozenset(("term", "relationships", "citations", "last_reviewed",
                           *_LIST_FIELDS, *_TEXT_FIELDS, *_DICT_FIELDS))
_Scalar, _Sequence, _Mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _finding(code: str, message: str, file: str, line: int | None, column: int | None = None):
    rules = {"GG001": "yaml-syntax", "GG002": "duplicate-key", "GG003": "not-a-term",
             "GG004": "unreadable", "GG401": "schema-violation"}
    return Finding(code, rules[code], "error", message, file=file, line=line, column=column)


def read_yaml_file(
    path: str | Path,
    display: str | None = None,
    loader: type = LOADER,
    field_map: dict[str, str] | None = None,
) -> tuple[list[Term], list[Finding]]:
    """Read one YAML file into terms and load findings (GG001-GG004).

    Parameters
    ----------
    path : str or Path
        The file to read.
    display : str, optional
        The path to show in positions and findings (default: `path`).
    loader : PyYAML loader class
        `yaml.CSafeLoader` (default when available) or `yaml.SafeLoader`.
    field_map : dict, optional
        Canonical field name -> key used in these files (e.g. ``{"term": "name"}``).
    """
    name = display or str(path)
    try:
        raw = read_regular(path, MAX_FILE_BYTES)[0]
    except NotRegularFileError as exc:
        return [], [_finding("GG004", f"not a regular file ({exc.strerror}); skipped", name, None)]
    except FileTooLargeError:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return [], [_finding("GG004", f"file is larger than {limit} MB; skipped", name, None)]
    except OSError as exc:
        return [], [_finding("GG004", f"cannot read file: {exc.strerror or exc}", name, None)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        return [], [_finding("GG004", message, name, line)]
    return parse_yaml_text(text, name, loader=loader, field_map=field_map)


def parse_yaml_text(
    text: str,
    file: str,
    loader: type = LOADER,
    field_map: dict[str, str] | None = None,
) -> tuple[list[Term], list[Finding]]:
    """Parse the text of one YAML file into terms and load findings.

    >>> terms, findings = parse_yaml_text("term: alpha\\nrelationships:\\n  related: [beta]\\n", "a.yml")
    >>> terms[0].label, str(terms[0].references[0].position), findings
    ('alpha', 'a.yml:3:13', [])
    >>> parse_yaml_text("term: a\\nterm: b\\n", "d.yml")[1][0].message
    "duplicate key 'term' (first at line 1); the last value is used"
    """
    if not text.strip():
        return [], [_finding("GG003", "empty file: no term in it", file, 1, 1)]
    if len(text) > MAX_NODES and _too_many_nodes(text, loader):
        return [], [_finding("GG001", f"more than {MAX_NODES:,} YAML nodes; the file is refused",
                             file, 1, 1)]
    findings: list[Finding] = []
    parser = loader(text)
    try:
        node = parser.get_single_node()
        if node is None:
            return [], [_finding("GG003", "the file holds no YAML document", file, 1, 1)]
        if may_alias(text):  # before anything is built, cached or exported
            check_expansion(node, len(text), MAX_DEPTH, ALIAS_NODE_BUDGET, ALIAS_CHAR_BUDGET)
        data = construct(node, parser, MAX_DEPTH, _duplicate_reporter(file, findings),
                         _invalid_reporter(file, findings))
    except TooDeep as exc:
        line = exc.node.start_mark.line + 1
        return [], [_finding("GG001", f"nesting deeper than {MAX_DEPTH} levels", file, line)]
    except TooExpanded as exc:
        return [], [_finding("GG001", f"YAML aliases refused: {exc}", file, 1, 1)]
    except yaml.MarkedYAMLError as exc:
        return [], [_syntax_finding(exc, file)]
    except yaml.YAMLError as exc:
        return [], [_finding("GG001", f"YAML error: {exc}", file, None)]
    finally:
        parser.dispose()
    suppressed = _suppressed_codes(text, file, findings)
    terms = _terms_from_document(data, node, file, findings, field_map or {})
    for term in terms:
        term.suppressed = suppressed
    return terms, findings


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _too_many_nodes(text: str, loader: type) -> bool:
    """Whether `text` holds more than `MAX_NODES` nodes, counted on parser events (which are
    dropped as they come: memory stays flat), stopping there. A syntax error: left to parsing."""
    parser = loader(text)
    count = 0
    try:
        while parser.check_event():
            count += isinstance(parser.get_event(), _NODE_EVENTS)
            if count > MAX_NODES:
                return True
    except yaml.YAMLError:
        return False
    finally:
        parser.dispose()
    return False


def _syntax_finding(exc: yaml.MarkedYAMLError, file: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        problem = f"{exc.context}: {exc.problem}"
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    return _finding("GG001", f"YAML syntax error: {problem}", file, line, column)


def _duplicate_reporter(file: str, findings: list[Finding]) -> Callable[[yaml.ScalarNode, int], None]:
    def report(key: yaml.ScalarNode, first_line: int) -> None:
        message = f"duplicate key {key.value!r} (first at line {first_line}); the last value is used"
        mark = key.start_mark
        findings.append(_finding("GG002", message, file, mark.line + 1, mark.column + 1))

    return report


def _invalid_reporter(file: str, findings: list[Finding]) -> Callable[[yaml.Node, str], None]:
    def report(node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        findings.append(_finding("GG401", message, file, mark.line + 1, mark.column + 1))

    return report


def _suppressed_codes(text: str, file: str, findings: list[Finding]) -> frozenset[str]:
    """The codes and prefixes the file's `# glossgraph: ignore` comments name (rule names
    become codes); each item that names no rule is a GG007 finding at its place.

    >>> found = []
    >>> sorted(_suppressed_codes("# glossgraph: ignore GG203, stale-review, gg4O3\\n", "t.yml", found))
    ['GG203', 'GG403']
    >>> [(f.code, f.line, f.column, f.message) for f in found]
    [('GG007', 1, 43, "'gg4O3' in `# glossgraph: ignore` names no rule (did you mean GG403?)")]
    """
    if "glossgraph" not in text:
        return frozenset()
    codes: set[str] = set()
    for match in _SUPPRESS.finditer(text):
        for item in _ITEM.finditer(match.group(1)):
            code = _rule_code(item.group())
            if code is not None:
                codes.add(code)
            else:
                findings.append(_unknown_suppression(text, file, item.group(), match.start(1) + item.start()))
    return frozenset(codes)


def _rule_code(item: str) -> str | None:
    """The code (or code prefix) an item of an ignore comment names, or None."""
    from ..checks import RULES  # only for files with such a comment

    by_name = {the_rule.name: code for code, the_rule in RULES.items()}
    code = by_name.get(item.lower(), item.upper())
    return code if re.fullmatch(r"GG\d*", code) and any(c.startswith(code) for c in RULES) else None


def _unknown_suppression(text: str, file: str, item: str, offset: int) -> Finding:
    import difflib

    from ..checks import RULES

    line_start = text.rfind("\n", 0, offset) + 1
    known = [*RULES, *(the_rule.name for the_rule in RULES.values())]
    close = difflib.get_close_matches(item.upper() if item[:2].upper() == "GG" else item.lower(),
                                      known, n=1, cutoff=0.75)
    hint = f" (did you mean {close[0]}?)" if close else ""
    message = f"{item!r} in `# glossgraph: ignore` names no rule{hint}"
    return Finding("GG007", "unknown-suppression", "warning", message, file=file,
                   line=text.count("\n", 0, offset) + 1, column=offset - line_start + 1)


def _terms_from_document(
    data: Any, node: yaml.Node, file: str, findings: list[Finding], field_map: dict[str, str]
) -> list[Term]:
    if isinstance(data, dict):
        items = [(data, node)]
    elif isinstance(data, list):
        items = list(zip(data, node.value))
    else:
        kind = type(data).__name__
        line = node.start_mark.line + 1
        message = f"the file holds a {kind}, not a term (a mapping with 'term') or a list of terms"
        findings.append(_finding("GG003", message, file, line, 1))
        return []
    terms = []
    for item, item_node in items:
        term = _term_from_mapping(item, item_node, file, findings, field_map)
        if term is not None:
            terms.append(term)
    return terms


def _term_from_mapping(
    data: Any, node: yaml.Node, file: str, findings: list[Finding], field_map: dict[str, str]
) -> Term | None:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if not isinstance(data, dict):
        message = f"list item is a {type(data).__name__}, not a term mapping"
        findings.append(_finding("GG003", message, file, line, column))
        return None
    if field_map:
        data = {_canonical(key, field_map): value for key, value in data.items()}
    label = data.get("term")
    if not isinstance(label, str):
        what = "has no 'term' field" if label is None else f"has 'term' of type {type(label).__name__}"
        findings.append(_finding("GG003", f"not a term: the mapping {what}", file, line, column))
        return None
    positions = _positions(node, field_map)
    term = Term(label=label, position=Position(file, line, column), positions=positions)
    _fill_fields(term, data)
    return term


def _canonical(key: Any, field_map: dict[str, str]) -> Any:
    for canonical, written in field_map.items():
        if key == written:
            return canonical
    return key


def _positions(node: yaml.MappingNode, field_map: dict[str, str]) -> dict[str, tuple[int, int]]:
    """(line, column) of each top-level field, list items, and relationship entries."""
    positions: dict[str, tuple[int, int]] = {}
    for key, value in node.value:
        if not isinstance(key, _Scalar):
            continue
        name = _canonical(key.value, field_map) if field_map else key.value
        mark = key.start_mark
        positions[name] = (mark.line + 1, mark.column + 1)
        if isinstance(value, _Sequence):
            _item_positions(positions, name, value.value)
        elif name == "relationships" and isinstance(value, _Mapping):
            _relationship_positions(positions, value)
    return positions


def _relationship_positions(positions: dict, node: yaml.MappingNode) -> None:
    for key, value in node.value:
        path = f"relationships.{key.value}"
        mark = key.start_mark
        positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(value, _Sequence):
            _item_positions(positions, path, value.value)
        else:
            mark = value.start_mark
            positions[f"{path}[0]"] = (mark.line + 1, mark.column + 1)


def _item_positions(positions: dict, path: str, items: list[yaml.Node]) -> None:
    for index, item in enumerate(items):
        mark = item.start_mark
        positions[f"{path}[{index}]"] = (mark.line + 1, mark.column + 1)


def _fill_fields(term: Term, data: dict[str, Any]) -> None:
    """Copy known fields onto the term with type checks; keep the rest in `extra`."""
    error = _error_recorder(term)
    for name in _LIST_FIELDS:
        setattr(term, name, _string_list(data.get(name), name, error))
    for name in _TEXT_FIELDS:
        setattr(term, name, _text(data.get(name), name, error))
    for name in _DICT_FIELDS:
        setattr(term, name, _mapping(data.get(name), name, error))
    term.last_reviewed = _date_text(data.get("last_reviewed"), error)
    term.citations = _citations(data.get("citations"), error)
    term.references = _references(term, data.get("relationships"), error)
    term.extra = {key: value for key, value in data.items() if key not in _KNOWN_FIELDS}
    _check_iri(data.get("iri"), error)


def _check_iri(value: Any, error: Callable) -> None:
    """An `iri:` that is no absolute IRI is reported: the term gets the slug IRI instead."""
    if value is not None and not (isinstance(value, str) and ABSOLUTE_IRI.match(value)):
        error("iri", f"'iri' {str(value)[:80]!r} is not an absolute IRI (a scheme, and no spaces "
                     "or <>\"{}|^`\\); the IRI made from the slug is used")


def _error_recorder(term: Term) -> Callable[[str, str], None]:
    def record(path: str, message: str) -> None:
        term.field_errors.append((path, message, term.position_of(path)))

    return record


def _kind(value: Any) -> str:
    return {str: "text", list: "a list", dict: "a mapping", bool: "a boolean",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _string_list(value: Any, name: str, error: Callable) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        error(name, f"'{name}' should be a list of text, not text")
        return [value]
    if not isinstance(value, list):
        error(name, f"'{name}' should be a list of text, not {_kind(value)}")
        return []
    items = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            items.append(item)
        elif isinstance(item, (int, float, bool, dt.date)):
            error(f"{name}[{index}]", f"'{name}' item {index + 1} should be text, not {_kind(item)}")
            items.append(str(item))
        else:
            error(f"{name}[{index}]", f"'{name}' item {index + 1} should be text, not {_kind(item)}")
    return items


def _text(value: Any, name: str, error: Callable) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool, dt.date)):
        error(name, f"'{name}' should be text, not {_kind(value)}")
        return str(value)
    error(name, f"'{name}' should be text, not {_kind(value)}")
    return None


def _mapping(value: Any, name: str, error: Callable) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        error(name, f"'{name}' should be a mapping, not {_kind(value)}")
        return {}
    return {str(key): item for key, item in value.items()}


def _date_text(value: Any, error: Callable) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    error("last_reviewed", f"'last_reviewed' should be a date, not {_kind(value)}")
    return str(value)


def _citations(value: Any, error: Callable) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        error("citations", f"'citations' should be a list, not {_kind(value)}")
        return []
    citations = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            citations.append({str(key): val for key, val in item.items()})
        else:
            error(f"citations[{index}]", f"citation {index + 1} should be a mapping with source and url")
            if isinstance(item, str):
                citations.append({"source": item})
    return citations


def _references(term: Term, value: Any, error: Callable) -> list[Reference]:
    if value is None:
        return []
    if not isinstance(value, dict):
        error("relationships", f"'relationships' should be a mapping, not {_kind(value)}")
        return []
    references: list[Reference] = []
    for relation, entries in value.items():
        path = f"relationships.{relation}"
        if relation not in RELATIONS:
            error(path, f"unknown relationship {relation!r} (expected broader, narrower, related)")
            continue
        for index, text in enumerate(_string_list(entries, path, error)):
            references.append(Reference(text, relation, index, term.position_of(f"{path}[{index}]")))
    return references
