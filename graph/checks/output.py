"""Turn findings into text, JSON, SARIF 2.1.0 or GitHub workflow annotations.

Every formatter returns a string; the CLI prints it. Nothing here prints.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import UnknownFormatError
from ..findings import SEVERITIES, Finding
from ..result_cache import Extent
from ..terminal import escape_controls
from ..wording import plural
from . import RULES, summarize

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["FORMATS", "plural", "render", "report_summary", "text_report", "json_report",
           "sarif_report", "github_report", "statistics_lines", "fixable_count"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/glossgraph/glossgraph"
_COLORS = {"error": "red", "warning": "yellow", "info": "blue", "suggestion": "cyan"}
_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note", "suggestion": "note"}
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice", "suggestion": "notice"}


def report_summary(checked: Glossary | Extent, findings: Sequence[Finding]) -> dict[str, int]:
    """{"terms", "files", "error", "warning", "info"} for what was checked and its findings.

    `checked` is the glossary, or its `Extent` when the findings came from the check cache.
    """
    extent = checked if isinstance(checked, Extent) else Extent.of(checked)
    return {"terms": extent.terms, "files": extent.files, **summarize(findings)}


def _location(finding: Finding) -> str:
    if finding.file is None:
        return "(glossary)"
    if finding.column:
        return f"{finding.file}:{finding.line or 1}:{finding.column}"
    return f"{finding.file}:{finding.line or 1}"


def text_report(glossary: Glossary, findings: Sequence[Finding], color: bool = False,
                statistics: bool = False) -> str:
    """`path:line:col: GG101 message` lines grouped by file, then a summary line."""
    def style(text: str, **kwargs: Any) -> str:
        return click.style(text, **kwargs) if color else text

    lines: list[str] = []
    for _, group in groupby(findings, key=lambda f: f.file):
        if color:
            for finding in group:
                code = style(finding.code, fg=_COLORS.get(finding.severity), bold=True)
                where = style(escape_controls(_location(finding)), bold=True)
                lines.append(f"{where}: {code} {escape_controls(finding.message)}")
        else:  # the same lines without styling, as cheaply as possible (257k at 100k terms)
            lines += [f"{_location(finding)}: {finding.code} {finding.message}" for finding in group]
        lines.append("")
    if statistics:
        lines += [*statistics_lines(findings), ""]
    if lines and not color:  # labels and paths can hold terminal control sequences: shown, not obeyed
        lines = [escape_controls("\n".join(lines))]
    lines.append(_summary_line(glossary, findings, style))
    return "\n".join(lines)


def _summary_line(glossary: Glossary, findings: Sequence[Finding], style: Callable) -> str:
    counts = report_summary(glossary, findings)
    where = f"in {plural(counts['terms'], 'term')} ({plural(counts['files'], 'file')})"
    if not findings:
        return style(f"All checks passed {where}.", fg="green")
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in SEVERITIES]
    if counts.get("suggestion"):
        parts.append(plural(counts["suggestion"], "suggestion"))
    fixable = fixable_count(findings)
    fix = f"\n{fixable} fixable with `glossgraph fix --write`." if fixable else ""
    noun = "problem" if len(findings) == 1 else "problems"
    return f"Found {len(findings)} {noun} ({', '.join(parts)}) {where}.{fix}"


def fixable_count(findings: Sequence[Finding]) -> int:
    """How many findings `glossgraph fix` repairs: those of a fixable rule, except a one-way
    related pair that is also linked by broader (GG205), which fix leaves to a person (adding
    the inverse related entry would repeat the clash)."""
    clashes = {(f.term, f.target) for f in findings if f.code == "GG205"}
    clashes |= {(target, term) for term, target in clashes}
    return sum(1 for f in findings if f.code in RULES and RULES[f.code].fixable
               and not (f.code == "GG203" and (f.term, f.target) in clashes))


def statistics_lines(findings: Sequence[Finding]) -> list[str]:
    """One line per code: count, code, fixable mark, rule name; most frequent first."""
    counts = Counter(f.code for f in findings)
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        the_rule = RULES.get(code)
        mark = "[*]" if the_rule and the_rule.fixable else "   "
        lines.append(f"{count:>6}  {code}  {mark} {the_rule.name if the_rule else ''}".rstrip())
    return lines


def json_report(glossary: Glossary, findings: Sequence[Finding]) -> str:
    """{"summary": {...}, "findings": [...]} as indented JSON."""
    data = {"summary": report_summary(glossary, findings),
            "findings": [finding.to_dict() for finding in findings]}
    return json.dumps(data, indent=2, ensure_ascii=False)


def sarif_report(glossary: Glossary, findings: Sequence[Finding]) -> str:
    """A SARIF 2.1.0 log with one run, valid for GitHub code scanning."""
    from ..version import __version__

    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    run = {
        "tool": {"driver": {
            "name": "glossgraph", "version": __version__, "informationUri": INFORMATION_URI,
            "rules": [_sarif_rule(RULES[code]) for code in codes],
        }},
        "results": [_sarif_result(finding, index) for finding in findings],
        "columnKind": "unicodeCodePoints",
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False)


def _sarif_rule(the_rule: Any) -> dict[str, Any]:
    return {
        "id": the_rule.code,
        "name": the_rule.name,
        "shortDescription": {"text": the_rule.summary},
        "fullDescription": {"text": the_rule.doc},
        "help": {"text": the_rule.doc},
        "defaultConfiguration": {"level": _SARIF_LEVELS[the_rule.severity]},
        "properties": {"fixable": the_rule.fixable, "tags": [the_rule.family]},
    }


def _sarif_result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _SARIF_LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.file:
        region: dict[str, int] = {"startLine": max(finding.line or 1, 1)}
        if finding.column:
            region["startColumn"] = max(finding.column, 1)
        result["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(finding.file)}, "region": region}}]
    properties = {k: v for k, v in (("term", finding.term), ("target", finding.target),
                                    ("relation", finding.relation)) if v is not None}
    if finding.suggestion:
        properties["suggestion"] = finding.suggestion
    if properties:
        result["properties"] = properties
    return result


def _uri(file: str) -> str:
    path = Path(file)
    if path.is_absolute():
        return path.as_uri()
    return "/".join(part.replace("%", "%25").replace(" ", "%20") for part in path.parts)


def _escape_data(text: str) -> str:
    return escape_controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_report(glossary: Glossary, findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: `::error file=...,line=...::message`."""
    lines = []
    for finding in findings:
        props = []
        if finding.file:
            props.append(f"file={_escape_property(finding.file)}")
            props.append(f"line={finding.line or 1}")
            if finding.column:
                props.append(f"col={finding.column}")
        props.append(f"title={_escape_property(f'{finding.code} {finding.rule}')}")
        level = _GITHUB_LEVELS.get(finding.severity, "warning")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(finding.message)}")
    return "\n".join(lines)


#: Format name -> formatter(glossary, findings) -> str.
FORMATS: dict[str, Callable[..., str]] = {
    "text": text_report,
    "json": json_report,
    "sarif": sarif_report,
    "github": github_report,
}


def render(fmt: str, glossary: Glossary, findings: Sequence[Finding], **options: Any) -> str:
    """Format findings by format name.

    Raises
    ------
    UnknownFormatError
        When `fmt` is not one of FORMATS (the message lists them).
    """
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise UnknownFormatError(f"unknown output format {fmt!r}; "
                                 f"choose one of {', '.join(FORMATS)}") from None
    return formatter(glossary, findings, **options)
