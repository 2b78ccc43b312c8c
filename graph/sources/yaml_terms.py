"""Read glossary terms from YAML files, with the position of every entry.

Files are composed into PyYAML nodes (which carry line and column marks) with
the C loader when it is available, checked for duplicate keys and excessive
nesting, then constructed with the safe constructor only. Anything that cannot
be read becomes a load finding; nothing here raises on bad content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..fileio import FileTooLargeError, NotRegularFileError, read_regular
from ..findings import Finding
from ..model import Position, Term
from .yaml_fields import compile_fields, field_positions
from .yaml_nodes import FastSafeLoader, TooDeep, TooExpanded, check_expansion, construct, may_alias
from .yaml_values import declare_id, fill_fields

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
    declared = None
    if field_map:
        mapping = compile_fields(field_map)
        entry = mapping.read(data, node)
        data, positions, declared = entry.data, entry.positions, entry.declared_id
    else:
        positions = field_positions(node)
    label = data.get("term")
    if not isinstance(label, str):
        where = mapping.where("term") if field_map else "term"
        what = f"has no {where!r} field" if label is None else f"has {where!r} of type {type(label).__name__}"
        findings.append(_finding("GG003", f"not a term: the mapping {what}", file, line, column))
        return None
    term = Term(label=label, position=Position(file, line, column), positions=positions)
    fill_fields(term, data)
    if declared is not None:
        declare_id(term, declared, mapping.where("id"))
    return term
