"""Check a fix plan before anything is written: apply it in memory and run the checks again.

The changed files are parsed from their new text, the other files' terms are
kept as loaded, and the whole catalogue runs on the result. A plan that
raises the count of any rule's findings, or of any severity, is refused:
a fix must never make a glossary worse.

Examples
--------
>>> from graph.model import Glossary, Term
>>> before = Glossary([Term("alpha")])
>>> compare_counts(before, before).raised
[]
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..findings import SEVERITIES, Finding
from ..model import Glossary, Term, slugify
from ..sources.yaml_terms import LOADER, parse_yaml_text

if TYPE_CHECKING:  # pragma: no cover
    from .fix import FileChange

__all__ = ["Comparison", "compare_counts", "glossary_after", "count_findings", "new_findings"]


def count_findings(findings: Iterable[Finding]) -> Counter:
    """Findings counted per (code, severity) and per severity (key ``("*", severity)``).

    >>> sorted(count_findings([Finding("GG101", "x", "error", "m")]).items())
    [(('*', 'error'), 1), (('GG101', 'error'), 1)]
    """
    counts: Counter = Counter()
    for finding in findings:
        counts[(finding.code, finding.severity)] += 1
        counts[("*", finding.severity)] += 1
    return counts


@dataclass
class Comparison:
    """The finding counts before and after a plan, and which of them it raises."""

    before: Counter = field(default_factory=Counter)
    after: Counter = field(default_factory=Counter)

    @property
    def raised_keys(self) -> set[tuple[str, str]]:
        """The (code, severity) pairs whose count rises, by rule (not the per-severity totals)."""
        return {key for key in self.after if key[0] != "*" and self.after[key] > self.before[key]}

    @property
    def raised(self) -> list[str]:
        """Each count the plan raises, as ``"GG205 (error): 28 -> 56"`` or ``"errors: 84 -> 112"``."""
        found = []
        order = {severity: rank for rank, severity in enumerate(SEVERITIES)}
        for code, severity in sorted(self.after, key=lambda key: (key[0] != "*", key[0],
                                                                  order.get(key[1], 9))):
            old, new = self.before[(code, severity)], self.after[(code, severity)]
            if new > old:
                name = f"{severity}s" if code == "*" else f"{code} ({severity})"
                found.append(f"{name}: {old} -> {new}")
        return found


def compare_counts(before: Glossary, after: Glossary, findings: Sequence[Finding] | None = None
                   ) -> Comparison:
    """Run the checks on `after` (and on `before` unless its `findings` are given) and compare."""
    from . import run_checks

    old = findings if findings is not None else run_checks(before)
    return Comparison(count_findings(old), count_findings(run_checks(after)))


def new_findings(before: Sequence[Finding], after: Sequence[Finding]) -> list[Finding]:
    """The findings of `after` that `before` does not hold (lines aside: edits move them).

    >>> old = Finding("GG203", "r", "warning", "m", file="a.yml", line=3)
    >>> new_findings([old], [Finding("GG203", "r", "warning", "m", file="a.yml", line=4)])
    []
    """
    remaining = Counter(_identity(finding) for finding in before)
    found = []
    for finding in after:
        key = _identity(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            found.append(finding)
    return found


def _identity(finding: Finding) -> tuple:
    return (finding.code, finding.severity, finding.file, finding.term, finding.target,
            finding.relation, finding.message)


def glossary_after(glossary: Glossary, changes: Sequence[FileChange], loader: type = LOADER
                   ) -> Glossary:
    """The glossary as loading it would give once `changes` are written.

    Changed files are parsed from their new text; the terms of the others are
    copied with their parse-time ids, so ids are assigned in load order as a
    fresh load would assign them.
    """
    field_map = glossary.config.get("fields") or None
    parsed = {change.display: parse_yaml_text(change.after, change.display, loader=loader,
                                              field_map=field_map)
              for change in changes}
    placed: set[str] = set()
    terms: list[Term] = []
    for term in glossary:
        if term.file not in parsed:
            terms.append(_fresh(term))
        elif term.file not in placed:  # the file's new terms where its first term was
            placed.add(term.file)
            terms.extend(parsed[term.file][0])
    terms.extend(term for display, (new, _) in parsed.items() if display not in placed for term in new)
    findings = [f for f in glossary.load_findings if f.file not in parsed]
    for _, file_findings in parsed.values():
        findings.extend(file_findings)
    return Glossary(terms, glossary.scheme, findings, source=glossary.source, config=glossary.config)


def _fresh(term: Term) -> Term:
    """A copy of a loaded term as parsing gave it (before a glossary made its id unique)."""
    fresh = copy.copy(term)
    fresh.id = term.declared_id or slugify(term.label)
    return fresh
