"""The findings the explorer page shows: the checks' by default, and suggested links.

Suggestions (GG5xx) are drawn as dotted grey links, in problems mode only.
They are computed (`graph.suggest`, each term's best `DEFAULT_TOP`, the
command's default) when the page is written with its problems shown or when
asked, unless the findings given already hold suggestions. On the page a
suggestion is a finding of severity "suggestion": its message says what is
proposed, its `suggestion` field the evidence, cut to `EVIDENCE_CHARS` (kept
once, not twice, and short: see docs/suggest.md for the size at 10,000 terms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..findings import SUGGESTION, Finding

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["page_findings", "page_suggestions", "link_suggestion", "EVIDENCE_CHARS"]

#: The evidence of a computed suggestion is cut to this many characters on the page.
EVIDENCE_CHARS = 160


def page_findings(glossary: Glossary, findings: list[Finding] | None, suggestions: bool) -> list[Finding]:
    """`findings` (default: every check's), and with `suggestions` the glossary's suggestions."""
    found = _default_findings(glossary) if findings is None else list(findings)
    return found + page_suggestions(glossary, found) if suggestions else found


def _default_findings(glossary: Glossary) -> list[Finding]:
    try:
        from ..checks import run_checks
    except ModuleNotFoundError as error:  # graph.checks not installed: load findings only
        if error.name and error.name.startswith("graph.checks"):
            return list(glossary.load_findings)
        raise
    return run_checks(glossary)


def page_suggestions(glossary: Glossary, findings: list[Finding], top: int | None = None) -> list[Finding]:
    """`glossary`'s suggestions as findings, or none when `findings` already hold some."""
    if any(finding.severity == SUGGESTION for finding in findings):
        return []
    from ..suggest import DEFAULT_TOP, suggest

    return [Finding(s.code, s.kind, SUGGESTION, s.headline, s.file, s.line, None, s.term,
                    s.target, s.relation, _cut(s.evidence))
            for s in suggest(glossary, top=DEFAULT_TOP if top is None else top)]


def _cut(text: str) -> str:
    """`text`, or its first `EVIDENCE_CHARS` characters and an ellipsis."""
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS - 1].rstrip() + "…"


def link_suggestion(resolve: Any, finding: Finding, index: int, by_node: dict, suggested: list,
                    row: dict) -> str | None:
    """A suggestion about a drawn term: listed on its node, and as a link when its target is drawn.

    `resolve(name)` is the drawn node a term name stands for (or None). Returns the node. The
    page's `row` of the finding loses what its message already says (term, target, relation).
    """
    for key in ("term", "target", "relation"):
        row.pop(key, None)
    source = resolve(finding.term)
    if source is None:
        return None
    by_node[source].setdefault("suggestions", []).append(index)
    target = resolve(finding.target)
    if target is not None and target != source:
        suggested.append({"from": source, "to": target, "finding": index})
    return source
