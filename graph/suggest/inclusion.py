"""GG502 label inclusion: a term's label ends with another term's label, its head.

English compounds put the head last: "ai incident response" is a kind of
"incident response", which is a kind of "response". A term's broader term is
the longest proper tail of its label (in folded tokens) that names a term,
so "response" is proposed only when no more specific tail ("incident
response") is a term. "X of Y" labels have their head first ("evaluation of
models" is an "evaluation"). Only whole tokens count: "response" is no head
of "responsibility".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .base import BROADER, Candidates, one_by_one
from .context import pairs_matrix
from .text import name_tokens

if TYPE_CHECKING:  # pragma: no cover
    from .context import SuggestContext

__all__ = ["label_inclusions", "head_of"]

_OF = ("of", "for", "in", "on")


def label_inclusions(ctx: SuggestContext) -> Candidates:
    """GG502's candidates: term -> the term named by the most specific head of its label."""
    names = ctx.cache.get("names")
    if names is None:
        from .mention import NameIndex

        names = ctx.cache.setdefault("names", NameIndex(ctx))
    owner = names.owner
    rows, cols, heads = [], [], {}
    for i in range(ctx.n):
        found = head_of(name_tokens(ctx.term(i).label), owner, i)
        if found is not None:
            rows.append(i)
            cols.append(found[0])
            heads[(i, found[0])] = found[1]
    rows_a, cols_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    keep = ~ctx.is_excluded(rows_a, cols_a)
    scores = pairs_matrix(ctx.n, rows_a[keep], cols_a[keep])

    def evidence(a: int, b: int) -> str:
        head = " ".join(heads.get((a, b), ()))
        return f"'{ctx.term(b).label}' is the head of '{ctx.term(a).label}' ('{head}')"

    return Candidates("GG502", "label-inclusion", BROADER, scores, one_by_one(evidence),
                      symmetric=False)


def head_of(key: tuple[str, ...], owner: dict[tuple[str, ...], int],
            self_id: int) -> tuple[int, tuple[str, ...]] | None:
    """(term, head tokens) of the longest proper head of `key` that names another term.

    >>> owner = {("incident", "response"): 1, ("response",): 2, ("evaluation",): 3}
    >>> head_of(("ai", "incident", "response"), owner, 0)
    (1, ('incident', 'response'))
    >>> head_of(("evaluation", "of", "model"), owner, 0)
    (3, ('evaluation',))
    >>> head_of(("responsibility",), owner, 0) is None
    True
    >>> head_of(("response", "of", "evaluation"), owner, 0)
    (2, ('response',))
    """
    if any(word in _OF for word in key[1:]):
        return _head_before_of(key, owner, self_id)
    for start in range(1, len(key)):
        tail = key[start:]
        found = owner.get(tail)
        if found is not None and found != self_id:
            return found, tail
    return None


def _head_before_of(key: tuple[str, ...], owner: dict[tuple[str, ...], int],
                    self_id: int) -> tuple[int, tuple[str, ...]] | None:
    """"vein of penis" is a vein: the head is before the first "of" (its tail, if a term)."""
    cut = next(i for i, word in enumerate(key) if i > 0 and word in _OF)
    for start in range(cut):
        found = owner.get(key[start:cut])
        if found is not None and found != self_id:
            return found, key[start:cut]
    return None


