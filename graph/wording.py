"""Words for counts in messages: "1 file", "2 files"."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun`, in the plural (`many`, else noun + s) unless there is one.

    >>> plural(1, "file"), plural(2, "file"), plural(2, "fix", "fixes"), plural(0, "link")
    ('1 file', '2 files', '2 fixes', '0 links')
    """
    return f"{count} {noun if count == 1 else many or noun + 's'}"
