"""Careful line edits of YAML text, keyed by the positions the loader recorded.

Every edit touches only the characters or lines it must: a scalar replaced
in place, one list item removed, or new lines inserted. Everything else in
the file (comments, key order, quoting, wrapping) stays byte for byte. An
edit whose target text does not read back as expected is refused (None).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import yaml

__all__ = ["Span", "LineEdits", "scalar_at", "value_after_key", "render_scalar",
           "block_end", "indent_of"]

_PLAIN_START_FORBIDDEN = set("-?:,[]{}#&*!|>'\"%@`~ ")


@dataclass(frozen=True)
class Span:
    """A scalar written on one line: [start, end) columns, 0-based, and its style."""

    line: int  # 0-based
    start: int
    end: int
    quote: str  # "'", '"' or "" (plain)
    flow: bool  # inside [ ... ]


def _quoted_end(text: str, start: int) -> int | None:
    quote = text[start]
    index = start + 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1: index + 2] == "'":
                index += 2
                continue
            return index + 1
        index += 1
    return None


def _plain_end(text: str, start: int, flow: bool) -> int:
    index = start
    while index < len(text):
        char = text[index]
        if flow and char in ",]}":
            break
        if char == "#" and index > start and text[index - 1] in " \t":
            break
        index += 1
    return len(text[:index].rstrip())


def scalar_at(lines: list[str], line: int, column: int, expected: str) -> Span | None:
    """The span of the scalar starting at 1-based (line, column) if it reads back as `expected`."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1].rstrip("\r\n")
    start = column - 1
    if start >= len(text):
        return None
    flow = text[:start].rstrip().endswith(("[", ","))
    quote = text[start] if text[start] in "'\"" else ""
    end = _quoted_end(text, start) if quote else _plain_end(text, start, flow)
    if end is None or end <= start:
        return None
    try:
        value = yaml.safe_load(text[start:end])
    except yaml.YAMLError:
        return None
    if not isinstance(value, str) or value != expected:
        return None
    return Span(line - 1, start, end, quote, flow)


def value_after_key(lines: list[str], line: int, column: int) -> int | None:
    """The 1-based column where the value of the key at (line, column) starts, on that line."""
    text = lines[line - 1].rstrip("\r\n")
    colon = text.find(":", column - 1)
    if colon < 0:
        return None
    rest = text[colon + 1:]
    stripped = rest.lstrip()
    if not stripped or stripped.startswith("#"):
        return None
    return colon + 2 + (len(rest) - len(stripped))


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or value[0] in _PLAIN_START_FORBIDDEN:
        return False
    if ": " in value or " #" in value or "\n" in value or value.endswith(":"):
        return False
    if flow and any(char in value for char in ",[]{}"):
        return False
    try:
        return yaml.safe_load(value) == value
    except yaml.YAMLError:
        return False


def render_scalar(value: str, quote: str = "", flow: bool = False) -> str:
    """`value` as a YAML scalar, keeping the given quote style when one was used.

    >>> render_scalar("tool use"), render_scalar("a: b"), render_scalar("x", quote='"')
    ('tool use', "'a: b'", '"x"')
    """
    if quote == '"':
        return json.dumps(value, ensure_ascii=False)
    if not quote and _plain_ok(value, flow):
        return value
    return "'" + value.replace("'", "''") + "'"


def indent_of(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def block_end(lines: list[str], key_line: int, key_column: int) -> int:
    """The 0-based index just after the block value of the key at 1-based (line, column).

    A block value is every following line indented deeper than the key, plus
    `- ` items at the key's own indentation (indentless sequences). Trailing
    blank lines are not part of it.
    """
    key_indent = key_column - 1
    end = key_line  # index after the key line
    index = key_line
    while index < len(lines):
        text = lines[index].rstrip("\r\n")
        if not text.strip():
            index += 1
            continue
        indent = indent_of(text)
        inside = indent > key_indent or (indent == key_indent and text.lstrip().startswith("- "))
        if not inside:
            break
        index += 1
        end = index
    return end


@dataclass
class LineEdits:
    """Edits of one file's lines, applied together: replacements, deletions, insertions."""

    lines: list[str]
    replacements: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    deletions: set[int] = field(default_factory=set)
    insertions: dict[int, list[str]] = field(default_factory=dict)

    @property
    def newline(self) -> str:
        return "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"

    def replace(self, span: Span, text: str) -> bool:
        """Replace a span; refused (False) when it overlaps another edit of the line."""
        return self.replace_columns(span.line, span.start, span.end, text)

    def replace_columns(self, line: int, start: int, end: int, text: str) -> bool:
        taken = self.replacements.get(line, [])
        if line in self.deletions or any(s < end and start < e for s, e, _ in taken):
            return False
        self.replacements[line] = [*taken, (start, end, text)]
        return True

    def delete(self, line: int) -> bool:
        if self.replacements.get(line) or line in self.deletions:
            return False
        self.deletions.add(line)
        return True

    def insert(self, before: int, new_lines: list[str]) -> None:
        self.insertions.setdefault(before, []).extend(line + self.newline for line in new_lines)

    def text(self) -> str:
        out: list[str] = []
        lines = list(self.lines)
        if self.insertions.get(len(lines)) and lines and not lines[-1].endswith("\n"):
            lines[-1] += self.newline
        for index in range(len(lines) + 1):
            out.extend(self.insertions.get(index, []))
            if index < len(lines) and index not in self.deletions:
                out.append(self._replaced(index, lines[index]))
        return "".join(out)

    def _replaced(self, index: int, text: str) -> str:
        for start, end, new in sorted(self.replacements.get(index, []), reverse=True):
            text = text[:start] + new + text[end:]
        return text
