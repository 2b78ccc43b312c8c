"""The rule catalogue as text: the `glossgraph rules` table and docs/checks.md."""

from __future__ import annotations

from . import RULES
from .registry import Rule

__all__ = ["rules_table", "rule_text", "rules_markdown"]

_INTRO = """\
# Checks

`glossgraph check` runs the rules below on a glossary and reports each problem
with its file and line; `glossgraph fix` repairs the fixable ones ([*] below)
as a reviewable diff, and `--write` applies it. `glossgraph rules CODE` prints
the documentation of one rule.

This page is generated: `glossgraph rules --format markdown > docs/checks.md`.

## Configuration

In `glossgraph.toml` (or `[tool.glossgraph]` of `pyproject.toml`), found from
the data path upwards:

```toml
select = ["GG1", "GG2"]          # codes or prefixes; default: all rules
ignore = ["GG403"]
severity = { GG203 = "info" }    # re-grade a rule (error, warning, info)
stale_after_days = 365           # GG403
schema = "term.schema.json"      # GG401
flat = false                     # true: no hierarchy expected (no GG201, GG207)
fail_on = "error"                # exit 1 at or above this severity
```

Command-line options (`--select`, `--ignore`, `--schema`, `--fail-on`)
override it. A term file can silence rules for its own terms with a comment
naming codes, prefixes or rule names: `# glossgraph: ignore GG203, stale-review`
(everything after `ignore` up to the end of the line, or up to a second `#`
that starts a reason). A name that is no rule is reported as GG007.

Exit codes: 0 nothing at or above `--fail-on`, 1 findings, 2 usage or input errors.
"""


def rules_table() -> list[tuple[str, str, str, str]]:
    """(code, name, severity, fixable mark) for every rule, in code order."""
    return [(r.code, r.name, r.severity, "[*]" if r.fixable else "") for r in RULES.values()]


def rule_text(the_rule: Rule) -> str:
    """The heading and documentation of one rule, as `glossgraph rules CODE` prints it."""
    fix = "fixable with `glossgraph fix`" if the_rule.fixable else "not fixable automatically"
    return f"{the_rule.code} {the_rule.name} ({the_rule.severity}, {fix})\n\n{the_rule.doc}\n"


def _section(the_rule: Rule) -> list[str]:
    lines = [f"### {the_rule.code} {the_rule.name}", "",
             f"Default severity: {the_rule.severity}. "
             f"{'Fixable' if the_rule.fixable else 'Not fixable'} by `glossgraph fix`.", ""]
    for block in the_rule.doc.split("\n\n"):
        head, _, body = block.partition("\n")
        lines.append(f"**{head.split(' (')[0].rstrip(':')}**")
        lines.append("")
        body_lines = [line[4:] if line.startswith("    ") else line for line in body.splitlines()]
        if head.startswith("Example"):
            lines += [f"```{_example_language(head)}", *body_lines, "```"]
        else:
            lines.append(" ".join(line.strip() for line in body_lines))
        lines.append("")
    return lines


def _example_language(head: str) -> str:
    """The code fence language of an example: ``Example (turtle):`` names it; else YAML.

    >>> _example_language("Example:"), _example_language("Example (turtle):")
    ('yaml', 'turtle')
    """
    _, _, rest = head.partition("(")
    return rest.split(")")[0].strip() or "yaml" if rest else "yaml"


def rules_markdown() -> str:
    """docs/checks.md: the introduction, the table of all rules, then each rule's documentation."""
    lines = [_INTRO, "## Rules", "", "| Code | Name | Severity | Fix | What it does |",
             "| --- | --- | --- | --- | --- |"]
    for the_rule in RULES.values():
        mark = "[*]" if the_rule.fixable else ""
        lines.append(f"| {the_rule.code} | {the_rule.name} | {the_rule.severity} | {mark} | "
                     f"{_first_paragraph(the_rule)} |")
    lines.append("")
    for the_rule in RULES.values():
        lines += _section(the_rule)
    return "\n".join(lines).rstrip() + "\n"


def _first_paragraph(the_rule: Rule) -> str:
    block = the_rule.doc.split("\n\n")[0]
    return " ".join(line.strip() for line in block.splitlines()[1:]).replace("|", "\\|")
