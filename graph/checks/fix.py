"""Safe fixes as reviewable diffs: plan edits of the YAML files, show them, then apply.

`plan_fixes` runs the fixable rules and turns each finding into a careful
line edit (see `yaml_edit`): GG102 writes the label, GG105 drops the repeat,
GG202 and GG203 add the inverse entry in the other term's file, GG304 tidies
a label's whitespace, GG305 drops an alias that repeats the label. Anything
whose text is not where the loader saw it is skipped, never guessed.

Examples
--------
>>> import graph                                             # doctest: +SKIP
>>> plan = plan_fixes(graph.load("data/terms"))              # doctest: +SKIP
>>> print(plan.diff()); plan.apply()                         # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GlossgraphError
from ..fileio import read_regular
from ..findings import Finding
from ..model import Reference, Term
from . import RULES, run_checks
from .fix_inverse import add_inverse
from .fix_verify import Comparison, count_findings, glossary_after, new_findings
from .fix_write import WriteReport, write_changes
from .labels import tidy_label
from .yaml_edit import LineEdits, render_scalar, scalar_at, value_after_key

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["FileChange", "FixPlan", "FileChangedError", "FixRefusedError", "plan_fixes", "FIXABLE"]

#: The codes `glossgraph fix` knows how to fix.
FIXABLE = tuple(code for code, the_rule in RULES.items() if the_rule.fixable)


class FileChangedError(GlossgraphError):
    """A file changed between reading it and writing the fix; nothing was written."""


class FixRefusedError(GlossgraphError):
    """The planned changes would raise a finding count; nothing was written."""


@dataclass
class FileChange:
    """The new text of one file, and the digest of the text it was planned from."""

    path: Path
    display: str
    before: str
    after: str
    digest: str
    bom: bool = False
    #: (size, mtime_ns) of the file when it was read.
    stamp: tuple[int, int] = (-1, -1)

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{self.display}", tofile=f"b/{self.display}"))


@dataclass
class FixPlan:
    """The planned changes, how many findings they fix, and what was skipped (and why)."""

    changes: list[FileChange] = field(default_factory=list)
    count: int = 0
    skipped: list[str] = field(default_factory=list)
    #: The finding counts before and after the changes (None when there are none).
    comparison: Comparison | None = None
    #: How many of the fixes edit each file.
    fixed_in: Counter = field(default_factory=Counter)

    @property
    def raised(self) -> list[str]:
        """The finding counts the changes would raise (a plan that raises any is never written)."""
        return self.comparison.raised if self.comparison is not None else []

    def diff(self) -> str:
        """A unified diff of every change, file by file."""
        return "".join(change.diff() for change in self.changes)

    def apply(self, folders: list[str] | tuple[str, ...] = ()) -> WriteReport:
        """Write every change (see `graph.checks.fix_write`); refuse all if any file changed.

        Each file is compared again just before it is replaced; one edited
        meanwhile is left as it is and listed in the report, like a read-only
        one. Call it holding `fix_lock` when other processes may fix the same
        glossary (`glossgraph fix --write` does).

        Raises
        ------
        FileChangedError
            When a file's bytes differ from those the plan was made from.
        FixRefusedError
            When the changes would raise a finding count (`raised`).
        """
        if self.raised:
            raise FixRefusedError(f"the fixes would raise {'; '.join(self.raised)}; nothing was "
                                  "written", hint="run `glossgraph fix` to see the diff, and report it")
        for change in self.changes:
            if _read(change.path)[1] != change.digest:
                raise FileChangedError(f"{change.display} changed since it was read; nothing "
                                       "was written", hint="run `glossgraph fix` again")
        return write_changes(self.changes, folders)


def _read(path: Path) -> tuple[bytes, str, tuple[int, int]]:
    """(bytes, digest, (size, mtime_ns)) of a regular file; FileChangedError when unreadable."""
    try:
        data, info = read_regular(path)
    except OSError as exc:
        raise FileChangedError(f"cannot read {path}: {exc.strerror or exc}") from None
    return data, _digest(data), (info.st_size, info.st_mtime_ns)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Planner:
    """Collects the line edits of every file the fixes touch."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.clashing = _pairs_linked_by_broader(glossary)
        self.files: dict[str, LineEdits] = {}
        self.digests: dict[str, tuple[str, bool, tuple[int, int]]] = {}
        self.plan = FixPlan()
        self.inverse: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.inverse_findings: dict[str, list[Finding]] = defaultdict(list)

    def edits(self, file: str | None) -> LineEdits | None:
        if file is None:
            return None
        if file not in self.files:
            try:
                data, digest, stamp = _read(Path(file))
                text = data.decode("utf-8-sig")
            except (FileChangedError, UnicodeDecodeError):
                return None
            self.digests[file] = (digest, data.startswith(b"\xef\xbb\xbf"), stamp)
            self.files[file] = LineEdits(text.splitlines(keepends=True))
        return self.files[file]

    def skip(self, finding: Finding, why: str) -> None:
        where = f"{finding.file}:{finding.line}: " if finding.file else ""
        self.plan.skipped.append(f"{where}{finding.code} {why}")

    def done(self, ok: bool, finding: Finding, why: str = "the text is not where it was read",
             file: str | None = None) -> None:
        if ok:
            self.plan.count += 1
            self.plan.fixed_in[file or finding.file or ""] += 1
        else:
            self.skip(finding, why)

    def finish(self) -> FixPlan:
        for term_id, relations in self.inverse.items():
            other = self.glossary.terms[term_id]
            ok = _add_inverse(self, other, relations)
            for finding in self.inverse_findings[term_id]:
                self.done(ok, finding, "cannot add the inverse entry: unusual layout of the other file",
                          file=other.file)
        for file, edits in sorted(self.files.items()):
            after = edits.text()
            before = "".join(edits.lines)
            if after != before:
                digest, bom, stamp = self.digests[file]
                self.plan.changes.append(FileChange(Path(file), file, before, after, digest, bom, stamp))
        return self.plan


def plan_fixes(glossary: Glossary, select: list[str] | str | None = None) -> FixPlan:
    """Plan the fixes of every fixable finding (of the selected rules) as file changes.

    The findings are those `run_checks` reports with the glossary's
    configuration (ignored rules and `# glossgraph: ignore` comments are
    respected); `select` narrows them further.
    """
    every = run_checks(glossary)
    chosen = every if select is None else run_checks(glossary, select=select)
    findings = [f for f in chosen if f.code in FIXABLE]
    planner = _Planner(glossary)
    refs = _references_by_position(glossary)
    links = {id(link.reference): link for link in glossary.links}
    for finding in findings:
        if finding.code in ("GG304", "GG305"):
            _fix_name(planner, finding)
            continue
        found = refs.get((finding.file, finding.line, finding.column, finding.relation, finding.target))
        if found is None:
            planner.skip(finding, "the entry was not found")
            continue
        term, ref = found
        HANDLERS[finding.code](planner, finding, term, ref, links.get(id(ref)))
    plan = planner.finish()
    _keep_what_makes_nothing_worse(glossary, plan, every)
    return plan


def _keep_what_makes_nothing_worse(glossary: Glossary, plan: FixPlan, before: list[Finding],
                                   rounds: int = 3) -> None:
    """Apply the plan in memory and check again; leave out the changes of files that gain
    findings of a count the plan raises (a few rounds), so that `plan.raised` is empty, or
    else the plan is refused when applied."""
    for _ in range(rounds):
        if not plan.changes:
            plan.comparison = None
            return
        after = run_checks(glossary_after(glossary, plan.changes))
        plan.comparison = Comparison(count_findings(before), count_findings(after))
        worse = plan.comparison.raised_keys
        culprits = {f.file for f in new_findings(before, after) if (f.code, f.severity) in worse}
        dropped = [change for change in plan.changes if change.display in culprits]
        if not worse or not dropped:
            return
        for change in dropped:
            plan.changes.remove(change)
            plan.count -= plan.fixed_in.pop(change.display, 0)
            codes = sorted({f"{code} ({severity})" for code, severity in worse})
            plan.skipped.append(f"{change.display}: its changes are left out: they would raise "
                                f"{', '.join(codes)}")


def _pairs_linked_by_broader(glossary: Glossary) -> set[frozenset[str]]:
    """The related pairs that are also linked by broader (GG205's clashes), whatever is ignored."""
    from .registry import CheckContext

    return {frozenset((link.source, link.target))
            for link, _ in CheckContext(glossary).hierarchy_index.clashes()}


def _references_by_position(glossary: Glossary) -> dict[tuple, tuple[Term, Reference]]:
    table: dict[tuple, tuple[Term, Reference]] = {}
    for term in glossary:
        for ref in term.references:
            if ref.position is not None:
                key = (ref.position.file, ref.position.line, ref.position.column, ref.relation, ref.text)
                table.setdefault(key, (term, ref))
    return table


def _fix_alias_reference(planner: _Planner, finding: Finding, term: Term, ref: Reference,
                         link: Any) -> None:
    target = planner.glossary.terms[link.target]
    if planner.glossary.lookup(target.label) != ("label", [target.id]):
        planner.skip(finding, f"the label '{target.label}' does not name one term")
        return
    edits, pos = planner.edits(term.file), ref.position
    span = scalar_at(edits.lines, pos.line, pos.column, ref.text) if edits and pos else None
    ok = span is not None and edits.replace(span, render_scalar(target.label, span.quote, span.flow))
    planner.done(ok, finding)


def _fix_duplicate_link(planner: _Planner, finding: Finding, term: Term, ref: Reference,
                        link: Any) -> None:
    planner.done(_drop_item(planner, term.file, ref.position.line, ref.position.column, ref.text),
                 finding)


def _drop_item(planner: _Planner, file: str | None, line: int, column: int, text: str) -> bool:
    """Remove one list item: its whole line in a block list, or `, item` in a flow list."""
    edits = planner.edits(file)
    span = scalar_at(edits.lines, line, column, text) if edits else None
    if span is None:
        return False
    full = edits.lines[span.line].rstrip("\r\n")
    rest = full[span.end:].strip()
    if not span.flow:
        if full[:span.start].strip() != "-" or (rest and not rest.startswith("#")):
            return False
        return edits.delete(span.line)
    before = full[:span.start].rstrip()
    if before.endswith(","):
        return edits.replace_columns(span.line, len(before) - 1, span.end, "")
    after = full[span.end:]
    if after.lstrip().startswith(","):
        cut = span.end + len(after) - len(after.lstrip()) + 1
        cut += len(full[cut:]) - len(full[cut:].lstrip())
        return edits.replace_columns(span.line, span.start, cut, "")
    return False


def _queue_inverse(planner: _Planner, finding: Finding, term: Term, ref: Reference,
                   link: Any) -> None:
    glossary = planner.glossary
    name, how = (term.declared_id, "id") if term.declared_id else (term.label, "label")
    if glossary.lookup(name) != (how, [term.id]):
        planner.skip(finding, f"the {how} '{name}' does not name one term")
        return
    if ref.relation == "related" and frozenset((term.id, link.target)) in planner.clashing:
        planner.skip(finding, f"'{term.label}' and '{glossary.terms[link.target].label}' are also "
                              "linked by broader (GG205): the inverse related entry would repeat the "
                              "clash; keep one of the two links")
        return
    other = glossary.terms[link.target]
    if term.is_deprecated and not other.is_deprecated:
        planner.skip(finding, f"'{term.label}' is deprecated: naming it in '{other.label}' would "
                              "link to a deprecated term (GG405)")
        return
    inverse = {"broader": "narrower", "narrower": "broader", "related": "related"}[ref.relation]
    mapped = (glossary.config.get("fields") or {}).get(inverse)
    if mapped and f"relationships.{inverse}" not in other.positions:  # no list of it to extend
        planner.skip(finding, f"'{other.label}' has no '{mapped}' (fields.{inverse}) to add "
                              f"'{name}' to; add it by hand")
        return
    labels = planner.inverse[link.target][inverse]
    if name not in labels:
        labels.append(name)  # its declared id (as glosario's `ref` names slugs), else its label
    planner.inverse_findings[link.target].append(finding)


HANDLERS = {
    "GG102": _fix_alias_reference,
    "GG105": _fix_duplicate_link,
    "GG202": _queue_inverse,
    "GG203": _queue_inverse,
}


def _fix_name(planner: _Planner, finding: Finding) -> None:
    term, path = _name_at(planner.glossary, finding)
    if term is None:
        planner.skip(finding, "the name was not found")
        return
    edits = planner.edits(term.file)
    line, column = term.positions[path]
    name = term.label if path == "term" else term.aliases[int(path[8:-1])]
    if finding.code == "GG305":
        planner.done(_drop_item(planner, term.file, line, column, name), finding)
        return
    if path == "term":
        column = value_after_key(edits.lines, line, column) if edits else None
    span = scalar_at(edits.lines, line, column, name) if edits and column else None
    new = tidy_label(name)
    ok = bool(new) and span is not None and edits.replace(span, render_scalar(new, span.quote, span.flow))
    planner.done(ok, finding)


def _name_at(glossary: Glossary, finding: Finding) -> tuple[Term | None, str]:
    for term in glossary:
        if term.label != finding.term or term.file != finding.file:
            continue
        for path in ["term", *(f"aliases[{i}]" for i in range(len(term.aliases)))]:
            if term.positions.get(path) == (finding.line, finding.column):
                return term, path
    return None, ""


def _add_inverse(planner: _Planner, term: Term, relations: dict[str, list[str]]) -> bool:
    """Add labels to the relations of `term` in its file (creating keys where needed)."""
    edits = planner.edits(term.file)
    return edits is not None and term.position is not None and add_inverse(edits, term, relations)
