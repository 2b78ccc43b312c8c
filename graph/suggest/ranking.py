"""The combined ranking: every rule's scores and a few context signals, one score per pair.

Each candidate pair (a, b) (proposed by any rule, in either direction) gets
the weighted sum z of its features, and its score is the logistic function
1 / (1 + exp(-(z + OFFSET) / SCALE)), in (0, 1). The features:

- GG501: b is named in a's prose (the rule's score); GG501 backward: a is
  named in b's prose (a's list shows the terms whose definitions mention it);
- GG502 (a's label ends with b's), GG503 (TF-IDF cosine), GG504 (shared
  neighbours), GG505 (near duplicate): each rule's score;
- GG503 meaning: the cosine of the two terms' (centred) vectors from a local
  embedding model, only when the configuration names one
  (`graph.suggest.embeddings`; its weight was measured with one small model
  only, docs/suggest.md);
- neighbour wording: the cosine of a's words with the words of the terms b
  is linked to, plus the same the other way, halved (a term resembles the
  neighbours of the terms it belongs with); computed when GG503 runs (it reads
  GG503's TF-IDF vectors), and GG503's evidence names those neighbours;
- closest wording: the reciprocal rank of b in a's GG503 list (1 for a's most
  similar wording, 1/2 for the second, 0 beyond the 20th) and of a in b's,
  averaged: "b reads most like a" counts whatever the absolute cosine;
- shared categories: the Jaccard index of the two terms' categories;
- target links: ln(1 + the number of terms b is linked to), with a negative
  weight: a term linked to everything already is a weak suggestion for
  every list, and the pair can still be found from the other end.

The weights were set on the evaluation (`graph.suggest.evaluate`) by
coordinate search on recall@10, recall@5 and MRR of hidden related and broader
links of the sample, the ai-glossary and a WordNet glossary jointly (seeds 5 to
24), and checked on seeds 0 to 4 (docs/suggest.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from .base import ALIAS, BROADER, RELATED, Candidates
from .similar import pair_dots, row_entries, row_top_k, tfidf_matrix

if TYPE_CHECKING:  # pragma: no cover
    from .context import SuggestContext

__all__ = ["WEIGHTS", "OFFSET", "SCALE", "Ranked", "rank", "features", "closest_wording"]

#: Feature -> weight in the combined score (see the module docstring).
WEIGHTS = {"GG501": 5.75, "GG501 backward": 1.5, "GG502": 6.0, "GG503": 6.0, "GG504": 1.5,
           "GG505": 6.0, "neighbour wording": 4.0, "closest wording": 3.0,
           "shared categories": 2.0, "target links": -0.25, "GG503 meaning": 2.0}
#: score = 1 / (1 + exp(-(z + OFFSET) / SCALE)): a lone mention in a short definition scores
#: about 0.7, a lone TF-IDF cosine of 0.2 about 0.2 (the default `--min-score`).
OFFSET = -3.5
SCALE = 2.0
#: Which rule a feature counts for (the suggestion's `code` is the rule with the largest part);
#: the context features count for none.
_RULE_OF = {"GG501 backward": "GG501", "GG503 meaning": "GG503"}


@dataclass(frozen=True, slots=True)
class Ranked:
    """The pairs chosen, best first for each term: (terms[x], targets[x]) scored scores[x], and
    each rule's weighted part of it (0 where the rule does not propose the pair)."""

    terms: np.ndarray
    targets: np.ndarray
    scores: np.ndarray
    parts: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, where: slice | np.ndarray) -> Ranked:
        return Ranked(self.terms[where], self.targets[where], self.scores[where],
                      {code: part[where] for code, part in self.parts.items()})

    def codes(self) -> list[str]:
        """Each pair's rule: the one with the largest part (the first in code order on a tie)."""
        order = sorted(self.parts)
        if not order:
            return [""] * len(self)
        largest = np.argmax(np.stack([self.parts[code] for code in order]), axis=0)
        return [order[x] for x in largest.tolist()]

    def relations(self, codes: list[str]) -> list[str]:
        broader = (self.parts["GG502"] > 0).tolist() if "GG502" in self.parts else [False] * len(self)
        return [ALIAS if code == "GG505" else BROADER if up else RELATED
                for code, up in zip(codes, broader)]


def _candidates(ctx: SuggestContext, found: list[Candidates]) -> sparse.csr_matrix:
    """1 at every pair some rule proposes, in each direction it is proposed (GG502: one way)."""
    pattern = sparse.csr_matrix((ctx.n, ctx.n))
    for cand in found:
        for matrix in [cand.scores, *cand.signals.values()]:
            scores = (matrix > 0).astype(np.float64)
            pattern = pattern + (scores if cand.code == "GG502" else scores + scores.T)
    pattern = pattern.tocsr()
    pattern.data[:] = 1.0
    return pattern


def _at(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return np.asarray(matrix[rows, cols]).ravel() if len(rows) else np.zeros(0)


def features(ctx: SuggestContext, found: list[Candidates], rows: np.ndarray,
             cols: np.ndarray, rules_only: bool = False,
             wording: sparse.csr_matrix | None = None) -> Iterator[tuple[str, np.ndarray]]:
    """(feature name, its value for each pair (rows[x], cols[x])), for the features that apply
    (with `rules_only`, the rules' own scores only). `wording`: `one_way_wording` of pairs that
    include these both ways (computed here when not given)."""
    by_code = {cand.code: cand.scores.tocsr() for cand in found}
    for code, scores in sorted(by_code.items()):
        if code in ("GG501", "GG502"):
            yield code, _at(scores, rows, cols)
            if code == "GG501":
                yield "GG501 backward", _at(scores, cols, rows)
        else:
            yield code, np.maximum(_at(scores, rows, cols), _at(scores, cols, rows))
    for cand in sorted(found, key=lambda cand: cand.code):
        for name, signal in sorted(cand.signals.items()):
            yield name, np.maximum(_at(signal, rows, cols), _at(signal, cols, rows))
    if rules_only:
        return
    if _has_wording(ctx, found):
        if wording is None:
            wording = one_way_wording(ctx, _both_ways(ctx.n, rows, cols))
        yield "neighbour wording", (_at(wording, rows, cols) + _at(wording, cols, rows)) / 2
        yield "closest wording", closest_wording(ctx, by_code["GG503"], rows, cols)
    yield "shared categories", _category_jaccard(ctx, rows, cols)
    degree = np.asarray(ctx.links.sum(axis=1)).ravel()
    yield "target links", np.log1p(degree[cols]) if len(cols) else np.zeros(0)


def _has_wording(ctx: SuggestContext, found: list[Candidates]) -> bool:
    return "tfidf" in ctx.cache and any(cand.code == "GG503" for cand in found)


def closest_wording(ctx: SuggestContext, similar: sparse.csr_matrix, rows: np.ndarray,
                    cols: np.ndarray) -> np.ndarray:
    """(1 / the rank of b in a's GG503 list + 1 / the rank of a in b's) / 2 for each pair (a, b);
    0 for a term not in the other's list. Scale-free: "b is a's closest wording" counts whatever
    the cosine (a cross-domain pair can be each other's best at 0.17). The ranks are made once
    per context, ties as GG503 breaks them (lower column first)."""
    if "closest wording" not in ctx.cache:
        coo = similar.tocoo()
        order = np.lexsort((coo.col, -coo.data, coo.row))
        ends, others = coo.row[order], coo.col[order]
        rank = np.arange(len(ends)) - np.searchsorted(ends, ends, side="left") + 1
        ctx.cache["closest wording"] = sparse.csr_matrix((1.0 / rank, (ends, others)),
                                                         shape=similar.shape)
    reciprocal = ctx.cache["closest wording"]
    return (_at(reciprocal, rows, cols) + _at(reciprocal, cols, rows)) / 2


def _both_ways(n: int, rows: np.ndarray, cols: np.ndarray) -> sparse.csr_matrix:
    """1 at every pair and at its reverse (candidate pairs mostly come in both directions: one
    value per ordered pair halves the work)."""
    return sparse.csr_matrix((np.ones(2 * len(rows)), (np.r_[rows, cols], np.r_[cols, rows])),
                             shape=(n, n))


def _symmetric(pattern: sparse.csr_matrix) -> sparse.csr_matrix:
    both = (pattern + pattern.T).tocsr()
    both.sum_duplicates()
    return both


def one_way_wording(ctx: SuggestContext, pairs: sparse.csr_matrix) -> sparse.csr_matrix:
    """At (b, a) for each pair of `pairs` (canonical CSR, symmetric): the cosine of a's words
    with the summed words of the terms b is linked to. (Indexed by b first, as it is computed:
    the feature adds both directions, so it is never transposed: 66 MB at 100,000 terms.)

    The sums are made for `_TARGETS` terms b at a time, dense over the words they use (small
    enough to stay in the processor's cache), and each pair gathers a's weights' cells from
    them. (Multiplying the rows of a and b pair by pair, with scipy, took 15 s of 93 at
    100,000 terms; this takes about half.)"""
    single = tfidf_matrix(ctx)[0]  # in float64 the products of float32 weights are exact
    vectors = sparse.csr_matrix((single.data.astype(np.float64), single.indices, single.indptr),
                                shape=single.shape)
    values = np.zeros(pairs.nnz)
    column = np.full(vectors.shape[1], -1, dtype=np.int64)  # word -> its column in a block
    for start in range(0, ctx.n, _TARGETS):
        _wording_block(ctx, vectors, pairs, start, min(start + _TARGETS, ctx.n), values, column)
    return sparse.csr_matrix((values, pairs.indices, pairs.indptr), shape=pairs.shape)


#: Terms b whose neighbours' summed words are dense at a time, and that block's most cells.
_TARGETS = 128
_MAX_CELLS = 1 << 22


def _wording_block(ctx: SuggestContext, vectors: sparse.csr_matrix, pairs: sparse.csr_matrix,
                   start: int, stop: int, values: np.ndarray, column: np.ndarray) -> None:
    """`one_way_wording`'s values of the pairs in rows start..stop of `pairs` (the terms b)."""
    first, last = pairs.indptr[start], pairs.indptr[stop]
    if first == last:
        return
    around = (ctx.links[start:stop] @ vectors).tocsr()  # the neighbours' words, summed
    used = np.unique(around.indices)
    rows = stop - start
    if rows > 1 and rows * len(used) > _MAX_CELLS:  # a large vocabulary: halve the block
        middle = (start + stop) // 2
        _wording_block(ctx, vectors, pairs, start, middle, values, column)
        _wording_block(ctx, vectors, pairs, middle, stop, values, column)
        return
    # Each row of the dense block ends with a cell that stays 0; a word b's neighbours lack
    # has column -1 and so reads the 0 that ends the row before (or the block, for row 0).
    column[used] = np.arange(len(used))
    width = len(used) + 1
    dense = np.zeros(rows * width)
    dense[np.repeat(np.arange(rows) * width, np.diff(around.indptr)) + column[around.indices]] = \
        around.data
    targets = np.repeat(np.arange(rows) * width, np.diff(pairs.indptr[start:stop + 1]))
    owner, at = row_entries(vectors, pairs.indices[first:last])
    products = vectors.data[at] * dense[targets[owner] + column[vectors.indices[at]]]
    column[used] = -1
    values[first:last] = np.bincount(owner, weights=products, minlength=last - first)


def _category_jaccard(ctx: SuggestContext, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    if "categories" not in ctx.cache:
        names: dict[str, int] = {}
        pairs = [(i, names.setdefault(c, len(names))) for i in range(ctx.n)
                 for c in set(ctx.term(i).categories or ()) if isinstance(c, str)]
        array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        ctx.cache["categories"] = sparse.csr_matrix(
            (np.ones(len(array)), (array[:, 0], array[:, 1])), shape=(ctx.n, max(len(names), 1)))
    member = ctx.cache["categories"]
    if not member.nnz or not len(rows):
        return np.zeros(len(rows))
    shared = pair_dots(member, rows, cols, np.float64)
    sizes = np.asarray(member.sum(axis=1)).ravel()
    union = sizes[rows] + sizes[cols] - shared
    return np.divide(shared, union, out=np.zeros(len(rows)), where=union > 0)


#: Terms ranked at a time: only one block's candidate pairs have their features in memory.
ROW_BLOCK = 10_000


def rank(ctx: SuggestContext, found: list[Candidates], top: int, min_score: float) -> Ranked:
    """Each term's `top` best pairs scoring at least `min_score`, best first."""
    pattern = _candidates(ctx, found)
    if not pattern.nnz:
        nothing = np.zeros(0, dtype=np.int64)
        return Ranked(nothing, nothing, np.zeros(0), {})
    wording = one_way_wording(ctx, _symmetric(pattern)) if _has_wording(ctx, found) else None
    best = [_block_best(ctx, found, pattern, start, top, min_score, wording)
            for start in range(0, ctx.n, ROW_BLOCK)]
    rows, cols, values = (np.concatenate(arrays) for arrays in zip(*best))
    return Ranked(rows, cols, values, _rule_parts(ctx, found, rows, cols))


def _block_best(ctx: SuggestContext, found: list[Candidates], pattern: sparse.csr_matrix,
                start: int, top: int, min_score: float,
                wording: sparse.csr_matrix | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, scores) of the best `top` pairs of each term in rows start.. of `pattern`."""
    block = pattern[start:start + ROW_BLOCK].tocoo()
    rows, cols = block.row.astype(np.int64) + start, block.col.astype(np.int64)
    z = np.zeros(len(rows))
    for name, values in features(ctx, found, rows, cols, wording=wording):
        z += WEIGHTS[name] * values
    score = 1.0 / (1.0 + np.exp(-(z + OFFSET) / SCALE))
    keep = score >= min_score
    combined = sparse.csr_matrix((score[keep], (rows[keep] - start, cols[keep])),
                                 shape=block.shape)
    rows, cols, values = row_top_k(combined, top)
    return rows + start, cols, values


def _rule_parts(ctx: SuggestContext, found: list[Candidates], rows: np.ndarray,
                cols: np.ndarray) -> dict[str, np.ndarray]:
    """Rule code -> its weighted part of each pair's sum, 0 where the rule does not propose it."""
    parts: dict[str, np.ndarray] = {}
    for name, feature in features(ctx, found, rows, cols, rules_only=True):
        rule = _RULE_OF.get(name, name)
        if rule.startswith("GG"):
            parts[rule] = parts.get(rule, 0.0) + WEIGHTS[name] * feature
    for cand in found:
        proposed = np.zeros(len(rows), dtype=bool)
        for matrix in [cand.scores, *cand.signals.values()]:
            proposed |= _at(matrix, rows, cols) > 0
            if cand.code != "GG502":
                proposed |= _at(matrix, cols, rows) > 0
        parts[cand.code] = np.where(proposed, parts[cand.code], 0.0)
    return parts
