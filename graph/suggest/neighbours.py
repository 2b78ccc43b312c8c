"""GG504 shared neighbours: terms linked to the same terms, by resource allocation.

The resource allocation index of networkx (`resource_allocation_index`: the
sum of 1/degree over the common neighbours of two nodes, in the undirected
graph of all links) is computed for every pair at distance two at once, as
the sparse product A D^-1 A; a test checks it against networkx's own values.
Neighbours linked to more than `HUB_MAX` terms are left out of the product:
they add at most 1/HUB_MAX to a pair, and a hub of h neighbours alone would
make h^2 pairs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from .base import RELATED, Candidates, one_by_one
from .similar import row_top_k

if TYPE_CHECKING:  # pragma: no cover
    from .context import SuggestContext

__all__ = ["shared_neighbours", "resource_allocation", "HUB_MAX"]

HUB_MAX = 200
TOP_K = 20


def resource_allocation(ctx: SuggestContext) -> sparse.csr_matrix:
    """The resource allocation index of every pair of terms with a common neighbour (not hubs)."""
    links = ctx.links
    degree = np.asarray(links.sum(axis=1)).ravel()
    weight = np.where((degree > 0) & (degree <= HUB_MAX), 1.0 / np.maximum(degree, 1), 0.0)
    index = (links @ sparse.diags(weight) @ links).tocsr()
    index.setdiag(0)
    index.eliminate_zeros()
    return index


def shared_neighbours(ctx: SuggestContext) -> Candidates:
    """GG504's candidates: each term's best pairs by resource allocation, scored 1 - exp(-2 RA)."""
    index = resource_allocation(ctx)
    index = index - index.multiply(ctx.excluded)
    index.eliminate_zeros()
    rows, cols, values = row_top_k(index, TOP_K)
    scores = sparse.csr_matrix((1.0 - np.exp(-2.0 * values), (rows, cols)), shape=index.shape)
    links = ctx.links

    def evidence(a: int, b: int) -> str:
        common = sorted(set(_neighbours(links, a)) & set(_neighbours(links, b)),
                        key=lambda c: ctx.term(c).label.casefold())
        labels = ", ".join(f"'{ctx.term(c).label}'" for c in common[:5])
        more = f" and {len(common) - 5} more" if len(common) > 5 else ""
        return f"{len(common)} shared neighbours: {labels}{more}"

    return Candidates("GG504", "shared-neighbours", RELATED, scores, one_by_one(evidence))


def _neighbours(links: sparse.csr_matrix, i: int) -> list[int]:
    return links.indices[links.indptr[i]:links.indptr[i + 1]].tolist()
