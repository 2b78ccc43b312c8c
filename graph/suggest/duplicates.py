"""GG505 near duplicates: two terms whose labels or definitions are nearly the same.

Candidates are the pairs GG503 finds most similar (its sparse top-k) and the
pairs whose labels fold to the same words; rapidfuzz then scores the labels
(`fuzz.ratio` on folded labels of as many words: a label inside a longer
one is GG502's business) and the short definitions
(`fuzz.token_sort_ratio`). A pair at or above `LABEL_MIN` or `DEFINITION_MIN`
is proposed for merging: one term becomes an alias of the other.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz

from .base import ALIAS, Candidates, one_by_one
from .context import pairs_matrix
from .similar import similar_pairs
from .text import name_tokens

if TYPE_CHECKING:  # pragma: no cover
    from .context import SuggestContext

__all__ = ["near_duplicates", "LABEL_MIN", "DEFINITION_MIN"]

LABEL_MIN = 90.0
DEFINITION_MIN = 90.0


def _candidate_pairs(ctx: SuggestContext) -> set[tuple[int, int]]:
    similar = similar_pairs(ctx).tocoo()
    pairs = {(min(a, b), max(a, b)) for a, b in zip(similar.row.tolist(), similar.col.tolist())}
    by_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(ctx.n):
        by_words[tuple(sorted(name_tokens(ctx.term(i).label)))].append(i)
    for same in by_words.values():
        pairs.update((a, b) for x, a in enumerate(same) for b in same[x + 1:x + 20])
    return pairs


def _scores(ctx: SuggestContext, a: int, b: int) -> tuple[float, float]:
    first, second = ctx.term(a), ctx.term(b)
    words_one, words_two = name_tokens(first.label), name_tokens(second.label)
    same_length = len(words_one) == len(words_two)  # "ai incident response" is no typo
    labels = fuzz.ratio(first.label.casefold(), second.label.casefold()) if same_length else 0.0
    one, two = first.short_def, second.short_def
    definitions = fuzz.token_sort_ratio(one, two) if isinstance(one, str) and isinstance(two, str) \
        and one.strip() and two.strip() else 0.0
    return labels, definitions


def near_duplicates(ctx: SuggestContext) -> Candidates:
    """GG505's candidates: pairs whose labels or short definitions nearly match."""
    found: dict[tuple[int, int], tuple[float, float]] = {}
    for a, b in sorted(_candidate_pairs(ctx)):
        labels, definitions = _scores(ctx, a, b)
        if labels >= LABEL_MIN or definitions >= DEFINITION_MIN:
            found[(a, b)] = (labels, definitions)
    pairs = np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
    values = np.array([max(found[tuple(p)]) / 100.0 for p in pairs.tolist()])
    keep = ~ctx.is_excluded(pairs[:, 0], pairs[:, 1])
    scores = pairs_matrix(ctx.n, pairs[keep, 0], pairs[keep, 1], values[keep])

    def evidence(a: int, b: int) -> str:
        labels, definitions = found.get((min(a, b), max(a, b)), (0.0, 0.0))
        return (f"nearly the same: labels {labels:.0f}% alike, short definitions "
                f"{definitions:.0f}% alike; merge one into the other as an alias")

    return Candidates("GG505", "near-duplicate", ALIAS, scores, one_by_one(evidence))
