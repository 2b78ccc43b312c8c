"""Findings: plain data describing one problem at one place.

Loaders and checks produce them; formatters (text, JSON, SARIF, GitHub) turn
them into output. The library never prints.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

__all__ = ["Finding", "SEVERITIES", "SUGGESTION", "severity_rank", "finding_sort_key"]

#: Severities from the most to the least serious.
SEVERITIES = ("error", "warning", "info")
#: The severity of the suggestion rules (GG5xx): below info; `check` runs them only when selected.
SUGGESTION = "suggestion"


def severity_rank(severity: str) -> int:
    """Return 0 for error, 1 for warning, 2 for info.

    >>> severity_rank("warning")
    1
    """
    return len(SEVERITIES) if severity == SUGGESTION else SEVERITIES.index(severity)


@dataclass(frozen=True)
class Finding:
    """One problem: what (code, rule, message), where (file, line, column), about whom."""

    code: str
    rule: str
    severity: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    term: str | None = None
    target: str | None = None
    relation: str | None = None
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready dict with every key present (in field order).

        >>> Finding("GG101", "broken-reference", "error", "m").to_dict()["line"] is None
        True
        """
        return {name: getattr(self, name) for name in _FIELD_NAMES}


#: Field names in declaration order (``dataclasses.asdict`` deep-copies: 50x slower).
_FIELD_NAMES = tuple(item.name for item in fields(Finding))


def finding_sort_key(finding: Finding) -> tuple:
    """Sort findings by file, line, column, code (findings without a file last)."""
    return (
        finding.file is None,
        finding.file or "",
        finding.line or 0,
        finding.column or 0,
        finding.code,
        finding.term or "",
        finding.target or "",
    )
