"""What a suggestion rule returns: scored candidate pairs, a relation, and evidence on demand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from scipy import sparse

__all__ = ["Candidates", "RELATED", "BROADER", "ALIAS", "one_by_one"]

RELATED, BROADER, ALIAS = "related", "broader", "alias"


@dataclass
class Candidates:
    """One rule's proposals: row term -> column term, each with a score in (0, 1].

    `scores` is an n x n sparse matrix (term numbers as in `SuggestContext.ids`);
    excluded pairs (already linked, same broader chain) are already removed.
    `evidence(terms, targets)` says why for each pair (terms[x], targets[x]), in
    words a reviewer can check (all of a batch at once: a rule may compute
    what its evidence needs for many pairs together); `symmetric` rules
    propose the pair to both terms. `signals` are further scores of the same
    rule, by feature name (GG503's "GG503 meaning"): their pairs are proposed
    too, and the ranking weighs each as a feature of its own.
    """

    code: str
    kind: str
    relation: str
    scores: sparse.csr_matrix
    evidence: Callable[[np.ndarray, np.ndarray], list[str]]
    symmetric: bool = True
    signals: dict[str, sparse.csr_matrix] = field(default_factory=dict)


def one_by_one(evidence: Callable[[int, int], str]) -> Callable[[np.ndarray, np.ndarray], list[str]]:
    """The batch evidence of a rule that words each pair on its own."""
    def each(terms: np.ndarray, targets: np.ndarray) -> list[str]:
        return [evidence(a, b) for a, b in zip(terms.tolist(), targets.tolist())]
    return each
