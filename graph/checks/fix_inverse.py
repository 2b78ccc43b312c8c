"""Adding inverse entries to a term's YAML: the edit behind the GG202 and GG203 fixes.

The labels go into the term's existing relation list (block or flow style,
indented as its items are), or under a new relation key in SKOS order, or
under a new ``relationships:`` mapping at the end of the term. A layout it
cannot place them in safely (an inline ``relationships: {}``, a flow list it
cannot close) makes `add_inverse` answer False, and the fix is skipped.
"""

from __future__ import annotations

from ..model import RELATIONS, Term
from .yaml_edit import LineEdits, block_end, render_scalar, value_after_key

__all__ = ["add_inverse"]


def add_inverse(edits: LineEdits, term: Term, relations: dict[str, list[str]]) -> bool:
    """Add `relations` ({relation: [labels]}) to `term` in `edits` of its file; False when not safe.

    `term` must have its position (where its mapping starts).
    """
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
