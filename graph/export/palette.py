"""Colours for the groups of a glossary (categories, or top concepts): distinct when they can be.

A colour comes from a hash of the group's name, so it does not depend on the
order groups are met in. Hashing alone lets two of a handful of groups share a
colour (the ai-glossary's 7 categories fall on 5 colours). So when the whole
glossary has no more groups than the palette has colours, each takes the first
free colour from its hash onwards (linear probing, names in sorted order):
all different, and the same in every export of the glossary (full or
``--focus``), because every export assigns over the same set, the glossary's
own. Adding or renaming a group can move the colours of groups that collided
with it. With more groups than colours, colours repeat: each keeps its hash
colour, independent of the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["colour_slot", "distinct_colours", "glossary_groups"]


def colour_slot(name: str, size: int) -> int:
    """The palette index a name hashes to (SHA-1, so the same in every process).

    >>> colour_slot("Governance & Risk", 12) == colour_slot("Governance & Risk", 12)
    True
    """
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % size


def distinct_colours(names: Iterable[str], palette: Sequence[str]) -> dict[str, str]:
    """A colour for each non-empty name: all different when the names fit the palette.

    >>> palette = ("#a", "#b", "#c")
    >>> colours = distinct_colours(["x", "y", "z"], palette)
    >>> sorted(colours.values())
    ['#a', '#b', '#c']
    >>> distinct_colours(["y", "z", "x"], palette) == colours
    True
    """
    ordered = sorted({str(name) for name in names if name})
    size = len(palette)
    if len(ordered) > size:
        return {name: palette[colour_slot(name, size)] for name in ordered}
    taken: set[int] = set()
    colours = {}
    for name in ordered:
        slot = colour_slot(name, size)
        while slot in taken:
            slot = (slot + 1) % size
        taken.add(slot)
        colours[name] = palette[slot]
    return colours


def glossary_groups(glossary: Glossary) -> list[str]:
    """Every group name of the whole glossary: its categories, or without any, its top concepts' labels.

    A focus export draws a few terms but colours them from this list, so that
    a group has the colour it has in the full export.
    """
    categories = {str(c) for term in glossary for c in term.categories if str(c)}
    if categories:
        return sorted(categories)
    from ..layout import hierarchy_edges

    narrower = {child for child, _ in hierarchy_edges(glossary)}
    return sorted({term.label for term in glossary if term.id not in narrower})
