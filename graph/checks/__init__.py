"""The rule catalogue: find what is broken or missing in a glossary, and where.

Examples
--------
>>> from graph.model import Glossary, Reference, Term
>>> g = Glossary([Term("alpha", short_def="A.", last_reviewed="2026-01-01",
...                    references=[Reference("delt", "related", 0)]),
...               Term("delta", short_def="D.", last_reviewed="2026-01-01")])
>>> [f.message for f in run_checks(g, select=["GG1"])]
["'alpha' is related to 'delt', which is not a term (did you mean 'delta'?)"]
>>> summarize(run_checks(g, select=["GG1"]))
{'error': 1, 'warning': 0, 'info': 0}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..findings import SEVERITIES, Finding, finding_sort_key
from ..forked import Forked
from ..gcpause import paused_gc
from ..suggest import rules as _suggestion_rules  # noqa: F401  (GG5xx)
from . import content, labels, references, structure  # noqa: F401  (register the rules)
from .memo import Memo
from .registry import RULES, CheckContext, Rule, expand_codes, matches

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["RULES", "Rule", "run_checks", "run_file_checks", "summarize", "find_rule",
           "resolve_options", "selected_rules"]

_ORDERED = dict(sorted(RULES.items()))
RULES.clear()
RULES.update(_ORDERED)


def find_rule(name: str) -> Rule:
    """The rule with this code or name (case-insensitive).

    Raises
    ------
    ConfigError
        When nothing matches; the hint lists close codes.
    """
    key = name.strip()
    for candidate in RULES.values():
        if key.upper() == candidate.code or key.lower() == candidate.name:
            return candidate
    close = [code for code in RULES if code.startswith(key.upper()[:4])][:5]
    hint = f"did you mean {', '.join(close)}?" if close else "`glossgraph rules` lists every rule"
    raise ConfigError(f"no rule {name!r}", hint=hint)


def resolve_options(glossary: Glossary, **options: Any) -> dict[str, Any]:
    """Merge explicit options over the glossary's configuration, validated."""
    return _resolve(glossary.config or {}, options)


def selected_rules(config: dict[str, Any], **options: Any) -> list[Rule]:
    """The rules a check with this configuration and these `run_checks` options runs."""
    opts = _resolve(config, options)
    return [the_rule for code, the_rule in RULES.items()
            if the_rule.func is not None and _wanted(code, opts["select"], opts["ignore"])]


def _resolve(config: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:

    def pick(key: str, default: Any = None) -> Any:
        value = options.get(key)
        return value if value is not None else config.get(key, default)

    severity = dict(config.get("severity") or {})
    severity.update(options.get("severity") or {})
    return {
        "select": expand_codes(pick("select"), "select"),
        "ignore": expand_codes(pick("ignore"), "ignore") or [],
        "severity": _severity_overrides(severity),
        "schema": pick("schema"),
        "stale_after_days": int(pick("stale_after_days", 365)),
        "flat": bool(pick("flat", False)),
        "today": options.get("today") or dt.date.today(),
    }


def _severity_overrides(overrides: dict[str, str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for key, level in overrides.items():
        if level not in SEVERITIES:
            raise ConfigError(f"severity of {key}: {level!r} is not one of {', '.join(SEVERITIES)}")
        for code in expand_codes([key], "severity") or []:
            result[code] = level
    return result


def _graded(code: str, default: str, overrides: dict[str, str]) -> str:
    best = max((p for p in overrides if code.startswith(p)), key=len, default=None)
    return overrides[best] if best else default


def _wanted(code: str, select: list[str] | None, ignore: list[str]) -> bool:
    """Selected and not ignored; a suggestion rule (GG5xx) only when named ("GG5", "GG501")."""
    if code.startswith("GG5"):
        return bool(select) and matches(code, [p for p in select if len(p) > 2]) \
            and not matches(code, ignore)
    return (select is None or matches(code, select)) and not matches(code, ignore)


def run_checks(
    glossary: Glossary,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: dict[str, str] | None = None,
    schema: str | None = None,
    stale_after_days: int | None = None,
    flat: bool | None = None,
    today: dt.date | None = None,
    memo: Memo | None = None,
) -> list[Finding]:
    """Run the rule catalogue; return the load findings plus every rule finding, sorted.

    Parameters
    ----------
    glossary : Glossary
        The loaded glossary; its `config` supplies every option not given.
    select, ignore : codes, prefixes ("GG2") or rule names
        Which rules run (default all) and which are left out.
    severity : dict
        Code (or prefix) -> "error" | "warning" | "info", re-grading findings.
    schema : str
        A JSON Schema file for GG401.
    stale_after_days : int
        GG403's age limit (default 365).
    flat : bool
        A glossary with no hierarchy: no GG201 or GG207 findings.
    today : date
        The date GG403 compares with (default: today).
    memo : Memo
        Answers kept from earlier runs (`graph.checks.memo`); the tables this
        run used are in ``memo.used`` afterwards.

    Raises
    ------
    ConfigError
        When an option names no rule, or the schema cannot be used.
    """
    opts = resolve_options(glossary, select=select, ignore=ignore, severity=severity, schema=schema,
                           stale_after_days=stale_after_days, flat=flat, today=today)
    return _run(glossary, opts, memo, ("file", "glossary"))


def run_file_checks(glossary: Glossary, **options: Any) -> list[Finding]:
    """The load findings and the findings of the file-scoped rules only (`Rule.scope`), sorted.

    Takes the options of `run_checks` (but no memo). Each file's findings depend
    on that file alone, so running this on the terms of some files gives
    exactly their share of `run_checks` on the whole glossary.
    """
    return _run(glossary, resolve_options(glossary, **options), None, ("file",))


def _run(glossary: Glossary, opts: dict[str, Any], memo: Memo | None,
         scopes: tuple[str, ...]) -> list[Finding]:
    ctx = CheckContext(glossary, schema=opts["schema"], stale_after_days=opts["stale_after_days"],
                       flat=opts["flat"], today=opts["today"], memo=memo if memo is not None else Memo())
    findings = [
        _regrade(f, opts["severity"]) for f in glossary.load_findings
        if _wanted(f.code, opts["select"], opts["ignore"])
    ]
    plan = [(the_rule, _graded(code, the_rule.severity, opts["severity"]))
            for code, the_rule in RULES.items()
            if the_rule.func is not None and the_rule.scope in scopes
            and _wanted(code, opts["select"], opts["ignore"])]
    with paused_gc():  # the sort too: its key tuples would set off collections of the whole heap
        for found in _run_plan(ctx, plan):
            findings.extend(found)
        return sorted(findings, key=finding_sort_key)


#: Below this many terms the rules run in one process (forking costs more than it saves).
PARALLEL_MIN_TERMS = 2000


def _run_plan(ctx: CheckContext, plan: list[tuple[Rule, str]]) -> list[list[Finding]]:
    """Each planned rule's findings, in plan order.

    With enough terms, most rules that read the terms only run in a forked
    child (`graph.forked`) while this process runs the structural rules on the
    hierarchy; the result is the same list either way.
    """
    if len(ctx.glossary.terms) < PARALLEL_MIN_TERMS:
        return [_findings(ctx, *item) for item in plan]
    here = [item for item in plan if _runs_here(item[0])]
    aside = [item for item in plan if not _runs_here(item[0])]
    if not aside or not here:
        return [_findings(ctx, *item) for item in plan]
    job = Forked(lambda: ([[_as_row(f) for f in _findings(ctx, *item)] for item in aside], ctx.memo.used))
    found = {item[0].code: _findings(ctx, *item) for item in here}
    tables, used = job.result()
    ctx.memo.merge(used)
    for item, rows in zip(aside, tables):
        found[item[0].code] = [Finding(*row) for row in rows]
    return [found[the_rule.code] for the_rule, _ in plan]


#: GG403 finds something on most terms of a glossary nobody reviewed lately: run here,
#: its findings need not be sent back from the child.
_HERE = {"GG403"}


def _runs_here(the_rule: Rule) -> bool:
    """The structural rules share the hierarchy and its reachability index, so they stay together."""
    return the_rule.func.__module__ == structure.__name__ or the_rule.code in _HERE


def _findings(ctx: CheckContext, the_rule: Rule, level: str) -> list[Finding]:
    code = the_rule.code
    return [problem.finding(the_rule, level) for problem in the_rule.func(ctx)
            if problem.owner is None or not problem.owner.suppressed
            or not matches(code, problem.owner.suppressed)]


_as_row = attrgetter(*(item.name for item in fields(Finding)))


def _regrade(finding: Finding, overrides: dict[str, str]) -> Finding:
    from dataclasses import replace

    level = _graded(finding.code, finding.severity, overrides)
    return finding if level == finding.severity else replace(finding, severity=level)


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    """Count findings by severity: {"error": n, "warning": n, "info": n}."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts
