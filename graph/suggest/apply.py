"""Write accepted suggestions into the term files, through `glossgraph fix`'s machinery.

Each accepted related or broader suggestion becomes one entry added to the
term's `relationships.<relation>` list and its inverse in the target's file
(keys created where needed, so no one-way link is left), with the
same careful line edits, in-memory recheck (no change that raises a finding
count), diff and atomic write as `glossgraph fix --write`.
Merges (GG505) are never written: which term survives is a person's call.
A reviewer accepts a subset by editing `glossgraph suggest --format json`
output and passing it back (`read_accepted`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GlossgraphError
from ..findings import SUGGESTION, Finding

if TYPE_CHECKING:  # pragma: no cover
    from ..checks.fix import FixPlan
    from ..model import Glossary
    from . import Suggestion

__all__ = ["plan_suggestions", "read_accepted", "AcceptError"]

_WRITABLE = ("related", "broader", "narrower")


class AcceptError(GlossgraphError):
    """An --accept file that cannot be used (not JSON, or not suggest's shape)."""


def plan_suggestions(glossary: Glossary, suggestions: list[Suggestion]) -> FixPlan:
    """The file changes that add each suggestion's link to its term's file (not yet written)."""
    from ..checks import run_checks
    from ..checks.fix import _keep_what_makes_nothing_worse, _Planner
    from ..model import INVERSE

    planner = _Planner(glossary)
    for item in suggestions:
        finding = Finding(item.code, item.kind, SUGGESTION, item.message, item.file, item.line,
                          item.column, item.term, item.target, item.relation)
        why = _refusal(glossary, item)
        if why:
            planner.skip(finding, why)
            continue
        for owner, relation, label in ((item.term_id, item.relation, item.target),
                                       (item.target_id, INVERSE[item.relation], item.term)):
            labels = planner.inverse[owner][relation]
            if label not in labels:
                labels.append(label)
        planner.inverse_findings[item.term_id].append(finding)
    plan = planner.finish()
    _keep_what_makes_nothing_worse(glossary, plan, run_checks(glossary))
    return plan


def _refusal(glossary: Glossary, item: Suggestion) -> str | None:
    if item.relation not in _WRITABLE:
        return f"'{item.term}' and '{item.target}': merging terms is not written automatically"
    mapped = sorted(set(_WRITABLE) & set(glossary.config.get("fields") or {}))
    if mapped:  # the entries keep links under other keys: `relationships` would be a new shape
        return (f"'{item.term}' and '{item.target}': links are read through fields."
                f"{mapped[0]}; add the link by hand")
    for label, term_id in ((item.target, item.target_id), (item.term, item.term_id)):
        if glossary.lookup(label) != ("label", [term_id]):
            return f"the label '{label}' does not name one term"
    if glossary.terms[item.term_id].file is None:
        return f"'{item.term}' was not read from a YAML file"
    return None


def read_accepted(glossary: Glossary, path: Path) -> list[Suggestion]:
    """The suggestions listed in an (edited) `suggest --format json` file.

    Raises
    ------
    AcceptError
        When the file is not JSON of that shape, or names a term that is not there.
    """
    from . import Suggestion

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AcceptError(f"cannot read {path}: {exc}") from None
    items = data.get("suggestions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise AcceptError(f"{path}: expected the JSON of `glossgraph suggest --format json`",
                          hint='a "suggestions" list of {"term", "target", "relation", ...}')
    found = []
    for number, item in enumerate(items, 1):
        term, target = _term(glossary, item, "term", path, number), _term(glossary, item, "target",
                                                                           path, number)
        found.append(Suggestion(str(item.get("code", "GG5")), str(item.get("kind", "accepted")),
                                term.label, target.label, str(item.get("relation", "related")),
                                float(item.get("score") or 0), str(item.get("evidence", "")),
                                term.file, None, None, term.id, target.id))
    return found


def _term(glossary: Glossary, item: Any, key: str, path: Path, number: int) -> Any:
    if not isinstance(item, dict) or not isinstance(item.get(key), str):
        raise AcceptError(f"{path}: suggestion {number} has no {key!r} label")
    _, ids = glossary.lookup(item[key])
    if len(ids) != 1:
        raise AcceptError(f"{path}: suggestion {number}: {item[key]!r} names "
                          f"{'no term' if not ids else 'several terms'}")
    return glossary.terms[ids[0]]
