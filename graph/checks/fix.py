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
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GlossgraphError
from ..fileio import atomic_write_bytes
from ..findings import Finding
from ..model import RELATIONS, Reference, Term
from . import RULES, run_checks
from .labels import tidy_label
from .yaml_edit import LineEdits, block_end, render_scalar, scalar_at, value_after_key

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["FileChange", "FixPlan", "FileChangedError", "plan_fixes", "FIXABLE"]

#: The codes `glossgraph fix` knows how to fix.
FIXABLE = tuple(code for code, the_rule in RULES.items() if the_rule.fixable)


class FileChangedError(GlossgraphError):
    """A file changed between reading it and writing the fix; nothing was written."""


@dataclass
class FileChange:
    """The new text of one file, and the digest of the text it was planned from."""

    path: Path
    display: str
    before: str
    after: str
    digest: str
    bom: bool = False

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

    def diff(self) -> str:
        """A unified diff of every change, file by file."""
        return "".join(change.diff() for change in self.changes)

    def apply(self) -> list[Path]:
        """Write every change atomically; refuse all if any file changed since it was read.

        Raises
        ------
        FileChangedError
            When a file's bytes differ from those the plan was made from.
        """
        for change in self.changes:
            if _digest(_read_bytes(change.path)) != change.digest:
                raise FileChangedError(f"{change.display} changed since it was read; nothing "
                                       "was written", hint="run `glossgraph fix` again")
        for change in self.changes:
            data = change.after.encode("utf-8")
            atomic_write_bytes(change.path, (b"\xef\xbb\xbf" if change.bom else b"") + data)
        return [change.path for change in self.changes]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileChangedError(f"cannot read {path}: {exc.strerror or exc}") from None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Planner:
    """Collects the line edits of every file the fixes touch."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.files: dict[str, LineEdits] = {}
        self.digests: dict[str, tuple[str, bool]] = {}
        self.plan = FixPlan()
        self.inverse: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.inverse_findings: dict[str, list[Finding]] = defaultdict(list)

    def edits(self, file: str | None) -> LineEdits | None:
        if file is None:
            return None
        if file not in self.files:
            try:
                data = Path(file).read_bytes()
                text = data.decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                return None
            self.digests[file] = (_digest(data), data.startswith(b"\xef\xbb\xbf"))
            self.files[file] = LineEdits(text.splitlines(keepends=True))
        return self.files[file]

    def skip(self, finding: Finding, why: str) -> None:
        where = f"{finding.file}:{finding.line}: " if finding.file else ""
        self.plan.skipped.append(f"{where}{finding.code} {why}")

    def done(self, ok: bool, finding: Finding, why: str = "the text is not where it was read") -> None:
        if ok:
            self.plan.count += 1
        else:
            self.skip(finding, why)

    def finish(self) -> FixPlan:
        for term_id, relations in self.inverse.items():
            ok = _add_inverse(self, self.glossary.terms[term_id], relations)
            for finding in self.inverse_findings[term_id]:
                self.done(ok, finding, "cannot add the inverse entry: unusual layout of the other file")
        for file, edits in sorted(self.files.items()):
            after = edits.text()
            before = "".join(edits.lines)
            if after != before:
                digest, bom = self.digests[file]
                self.plan.changes.append(FileChange(Path(file), file, before, after, digest, bom))
        return self.plan


def plan_fixes(glossary: Glossary, select: list[str] | str | None = None) -> FixPlan:
    """Plan the fixes of every fixable finding (of the selected rules) as file changes.

    The findings are those `run_checks` reports with the glossary's
    configuration (ignored rules and `# glossgraph: ignore` comments are
    respected); `select` narrows them further.
    """
    findings = [f for f in run_checks(glossary, select=select) if f.code in FIXABLE]
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
    return planner.finish()


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
    if glossary.lookup(term.label) != ("label", [term.id]):
        planner.skip(finding, f"the label '{term.label}' does not name one term")
        return
    inverse = {"broader": "narrower", "narrower": "broader", "related": "related"}[ref.relation]
    labels = planner.inverse[link.target][inverse]
    if term.label not in labels:
        labels.append(term.label)
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
    if edits is None or term.position is None:
        return False
    missing = {rel: labels for rel, labels in relations.items()
               if f"relationships.{rel}" not in term.positions}
    ok = all(_extend_relation(edits, term, rel, labels) for rel, labels in relations.items()
             if rel not in missing)
    if missing:
        ok = _add_relation_keys(edits, term, missing) and ok
    return ok


def _item_offset(term: Term) -> int:
    """How far list items' dashes sit right of their key in this file (0 for indentless lists)."""
    for path, (line, column) in term.positions.items():
        parent = path.rsplit("[", 1)[0]
        if path.endswith("[0]") and parent in term.positions:
            key_line, key_column = term.positions[parent]
            if line > key_line:
                return max(column - 3 - (key_column - 1), 0)
    return 0


def _items(term: Term, labels: list[str], dash: int) -> list[str]:
    return [" " * dash + "- " + render_scalar(label) for label in labels]


def _extend_relation(edits: LineEdits, term: Term, relation: str, labels: list[str]) -> bool:
    line, column = term.positions[f"relationships.{relation}"]
    text = edits.lines[line - 1].rstrip("\r\n")
    value = value_after_key(edits.lines, line, column)
    if value is not None:
        return _extend_flow(edits, line - 1, text, value - 1, labels)
    end = block_end(edits.lines, line, column)
    items = [i for i in range(line, end) if edits.lines[i].lstrip().startswith("- ")]
    dash = (len(edits.lines[items[0]]) - len(edits.lines[items[0]].lstrip(" "))) if items \
        else column - 1 + _item_offset(term)
    edits.insert(end, _items(term, labels, dash))
    return True


def _extend_flow(edits: LineEdits, index: int, text: str, start: int, labels: list[str]) -> bool:
    if text[start] != "[" or "]" not in text[start:]:
        return False
    close = text.index("]", start)
    rendered = ", ".join(render_scalar(label, flow=True) for label in labels)
    inside = text[start + 1:close].strip()
    return edits.replace_columns(index, close, close, f", {rendered}" if inside else rendered)


def _add_relation_keys(edits: LineEdits, term: Term, missing: dict[str, list[str]]) -> bool:
    offset = _item_offset(term)
    if "relationships" not in term.positions:
        key_col = term.position.column - 1
        lines = [" " * key_col + "relationships:"]
        for rel in RELATIONS:
            if rel in missing:
                lines += [" " * (key_col + 2) + f"{rel}:", *_items(term, missing[rel], key_col + 2 + offset)]
        edits.insert(_term_end(edits, term), lines)
        return True
    line, column = term.positions["relationships"]
    if value_after_key(edits.lines, line, column) is not None:
        return False  # relationships: {} or another inline value
    siblings = [term.positions[f"relationships.{r}"] for r in RELATIONS
                if f"relationships.{r}" in term.positions]
    child_col = siblings[0][1] - 1 if siblings else column - 1 + 2
    for rel in RELATIONS:
        if rel in missing:
            lines = [" " * child_col + f"{rel}:", *_items(term, missing[rel], child_col + offset)]
            edits.insert(_relation_anchor(edits, term, rel, line, column), lines)
    return True


def _relation_anchor(edits: LineEdits, term: Term, relation: str, line: int, column: int) -> int:
    """Where a new relation key goes: before the next relation in SKOS order, else after the block."""
    for later in RELATIONS[RELATIONS.index(relation) + 1:]:
        if f"relationships.{later}" in term.positions:
            return term.positions[f"relationships.{later}"][0] - 1
    return block_end(edits.lines, line, column)


def _term_end(edits: LineEdits, term: Term) -> int:
    """The index after the last non-blank, non-comment line of the term's mapping."""
    start, indent = term.position.line, term.position.column - 1
    end = start
    for index in range(start, len(edits.lines)):
        text = edits.lines[index].rstrip("\r\n")
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if len(text) - len(text.lstrip(" ")) < indent or (indent == 0 and text.startswith(("---", "..."))):
            break
        end = index + 1
    return end
