"""The combined ranking: every rule's scores merged into one score per pair, top K per term.

Each rule's score s (in [0, 1]) is weighted by the rule's weight w, and the
weighted scores of a pair are combined as independent pieces of evidence
(noisy-OR): score = 1 - prod(1 - w * s). One strong reason gives a high
score; several weak ones add up; the result stays in [0, 1]. Symmetric rules
propose a pair to both terms; a mention proposes it to the mentioning term
at full weight and to the mentioned term at `BACKWARD`. The weights were set
on the evaluation (`graph.suggest.evaluate`, docs/suggest.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from .base import ALIAS, BROADER, RELATED, Candidates
from .similar import row_top_k

if TYPE_CHECKING:  # pragma: no cover
    from .context import SuggestContext

__all__ = ["WEIGHTS", "BACKWARD", "Ranked", "rank"]

#: Rule code -> weight of its score in the combined ranking.
WEIGHTS = {"GG501": 0.9, "GG502": 0.9, "GG503": 0.8, "GG504": 0.6, "GG505": 0.95}
#: The weight of a mention for the mentioned term (the other end of GG501's pair).
BACKWARD = 0.6
_CAP = 0.999  # a single rule never makes a score of exactly 1


@dataclass(frozen=True)
class Ranked:
    """One pair chosen for a term: numbers, combined score, and each rule's weighted part."""

    term: int
    target: int
    score: float
    parts: dict[str, float]

    @property
    def code(self) -> str:
        """The rule with the largest part (the first in code order on a tie)."""
        return max(sorted(self.parts), key=lambda code: self.parts[code])

    @property
    def relation(self) -> str:
        if self.code == "GG505":
            return ALIAS
        return BROADER if self.parts.get("GG502") else RELATED


def _parts(found: list[Candidates]) -> dict[str, sparse.csr_matrix]:
    parts: dict[str, sparse.csr_matrix] = {}
    for cand in found:
        weight = WEIGHTS.get(cand.code, 0.5)
        scores = cand.scores.tocsr()
        if cand.symmetric:
            scores = scores.maximum(scores.T)
        elif cand.code == "GG501":
            scores = scores.maximum(scores.T * BACKWARD)
        parts[cand.code] = (scores * weight).minimum(_CAP).tocsr()
    return parts


def rank(ctx: SuggestContext, found: list[Candidates], top: int, min_score: float) -> list[Ranked]:
    """Each term's `top` best pairs scoring at least `min_score`, best first."""
    parts = _parts(found)
    if not parts:
        return []
    log_miss = None
    for matrix in parts.values():
        term = matrix.copy()
        term.data = np.log1p(-term.data)
        log_miss = term if log_miss is None else log_miss + term
    combined = log_miss.tocsr()
    combined.data = 1.0 - np.exp(combined.data)
    combined.data[combined.data < min_score] = 0.0
    combined.eliminate_zeros()
    rows, cols, values = row_top_k(combined, top)
    by_code = {code: np.asarray(matrix[rows, cols]).ravel() if len(rows) else np.zeros(0)
               for code, matrix in parts.items()}
    return [Ranked(int(a), int(b), float(score),
                   {code: float(by_code[code][x]) for code in parts if by_code[code][x] > 0})
            for x, (a, b, score) in enumerate(zip(rows, cols, values))]
