"""What a suggestion rule returns: scored candidate pairs, a relation, and evidence on demand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from scipy import sparse

__all__ = ["Candidates", "RELATED", "BROADER", "ALIAS"]

RELATED, BROADER, ALIAS = "related", "broader", "alias"


@dataclass
class Candidates:
    """One rule's proposals: row term -> column term, each with a score in (0, 1].

    `scores` is an n x n sparse matrix (term numbers as in `SuggestContext.ids`);
    excluded pairs (already linked, same broader chain) are already removed.
    `evidence(a, b)` says why, in words a reviewer can check; `symmetric` rules
    propose the pair to both terms. `signals` are further scores of the same
    rule, by feature name (GG503's "GG503 meaning"): their pairs are proposed
    too, and the ranking weighs each as a feature of its own.
    """

    code: str
    kind: str
    relation: str
    scores: sparse.csr_matrix
    evidence: Callable[[int, int], str]
    symmetric: bool = True
    signals: dict[str, sparse.csr_matrix] = field(default_factory=dict)
