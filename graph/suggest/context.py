"""What every suggestion rule reads: term order, links and broader chains as sparse matrices.

Terms are numbered in glossary order; a pair of terms is a cell of an n x n
scipy sparse matrix, so that rules find, score and exclude pairs with sparse
algebra instead of Python loops over all pairs (100,000 terms are 10^10 pairs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary, Term

__all__ = ["SuggestContext", "pairs_matrix"]

#: Broader chains longer than this are not followed further (cycles stop earlier).
MAX_CHAIN = 64


def pairs_matrix(n: int, rows: Any, cols: Any, values: Any = None) -> sparse.csr_matrix:
    """An n x n CSR matrix with `values` (default 1.0) at (rows, cols); repeats keep the largest."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    values = np.ones(len(rows)) if values is None else np.asarray(values, dtype=np.float64)
    if len(rows):
        order = np.lexsort((-values, cols, rows))
        rows, cols, values = rows[order], cols[order], values[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        rows, cols, values = rows[first], cols[first], values[first]
    return sparse.csr_matrix((values, (rows, cols)), shape=(n, n))


@dataclass
class SuggestContext:
    """The glossary seen by the suggestion rules, with the derived matrices built on first use."""

    glossary: Glossary
    cache: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def ids(self) -> list[str]:
        return list(self.glossary.terms)

    @cached_property
    def index(self) -> dict[str, int]:
        return {term_id: i for i, term_id in enumerate(self.ids)}

    @property
    def n(self) -> int:
        return len(self.ids)

    @cached_property
    def terms(self) -> list[Term]:
        """The terms in order (`term(i)` is called millions of times at 100,000 terms)."""
        return list(self.glossary.terms.values())

    def term(self, i: int) -> Term:
        return self.terms[i]

    @cached_property
    def links(self) -> sparse.csr_matrix:
        """1 where two different terms are linked, in any direction and relation (symmetric)."""
        rows, cols = self._link_arrays(None)
        keep = rows != cols
        both = pairs_matrix(self.n, np.r_[rows[keep], cols[keep]], np.r_[cols[keep], rows[keep]])
        return both

    @cached_property
    def parents(self) -> sparse.csr_matrix:
        """child -> parent for every broader link, declared or inferred from narrower."""
        rows, cols = self._link_arrays("broader")
        nrows, ncols = self._link_arrays("narrower")
        return pairs_matrix(self.n, np.r_[rows, ncols], np.r_[cols, nrows])

    def _link_arrays(self, relation: str | None) -> tuple[np.ndarray, np.ndarray]:
        index = self.index
        found = [(index[link.source], index[link.target]) for link in self.glossary.links
                 if relation is None or link.relation == relation]
        array = np.array(found, dtype=np.int64).reshape(-1, 2)
        return array[:, 0], array[:, 1]

    @cached_property
    def ancestors(self) -> sparse.csr_matrix:
        """1 at (a, b) when b is reachable from a by broader links (the transitive closure)."""
        step = (self.parents > 0).astype(np.float64).tocsr()
        reach = step.copy()
        frontier = step
        for _ in range(MAX_CHAIN):
            frontier = (frontier @ step).tocsr()
            frontier.data[:] = 1.0
            new = frontier - frontier.multiply(reach)
            new.eliminate_zeros()
            if new.nnz == 0:
                break
            reach = reach + new
            frontier = new
        reach.data[:] = 1.0
        return reach.tocsr()

    @cached_property
    def excluded(self) -> sparse.csr_matrix:
        """Pairs never suggested: linked in any way, or one in the other's broader chain."""
        blocked = self.links + self.ancestors + self.ancestors.T
        blocked = blocked.tocsr()
        blocked.data[:] = 1.0
        return blocked

    def is_excluded(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Whether each (row, col) pair is excluded (or a term with itself)."""
        if not len(rows):
            return np.zeros(0, dtype=bool)
        values = np.asarray(self.excluded[rows, cols]).ravel()
        return (values > 0) | (rows == cols)
