"""GG503 similar definitions: TF-IDF cosine of names and definitions, sparse top-k.

scikit-learn's `TfidfVectorizer` (sublinear tf, l2 norm) turns each term's
label, aliases and definitions, folded as the other rules fold them and
without stopwords, into a sparse vector; cosine similarity is a sparse matrix
product computed a block of rows at a time, and only each row's best `k`
pairs are kept. Above `EXACT_MAX` terms, pairs are found through the rarer
words only (those in at most `max(50, sqrt(n))` terms: an inverted index
with short postings) and then scored with the full vectors, so the work grows
with n, not n squared.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from .base import RELATED, Candidates
from .context import pairs_matrix
from .languages import foreign_texts, foreign_words, main_texts, shown
from .text import STOPWORDS, names_of, tokens

if TYPE_CHECKING:  # pragma: no cover
    from .context import SuggestContext

__all__ = ["similar_definitions", "tfidf_matrix", "row_top_k", "row_entries", "pair_dots",
           "TOP_K", "EXACT_MAX"]

TOP_K = 20
EXACT_MAX = 5000
_BLOCK = 2000
SUBLINEAR = False
NEIGHBOUR_MIN = 0.1  # a neighbour this similar is named in the evidence
NAME_REPEAT = 1


def term_words(ctx: SuggestContext, i: int) -> list[str]:
    """The words of a term for similarity: names, then its prose, each language apart
    (`graph.suggest.languages`: a French definition's words are tagged "fr:")."""
    term = ctx.term(i)
    main = ctx.glossary.scheme.language
    words = [w for name in names_of(term) for w in tokens(name)] * NAME_REPEAT
    foreign = foreign_texts(term, main)
    known = ctx.cache.get("words", {}).pop(i, None)  # GG501's tokens of the prose: used once
    if known is not None and not foreign:
        words += known
    else:
        for text in main_texts(term, main):
            words += tokens(text)
    words = [w for w in words if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]
    return words + [w for lang, text in foreign for w in foreign_words(text, lang)]


def tfidf_matrix(ctx: SuggestContext) -> tuple[sparse.csr_matrix, list[str]]:
    """(n x vocabulary TF-IDF matrix, the vocabulary), built once per context."""
    if "tfidf" not in ctx.cache:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=SUBLINEAR,
                                     dtype=np.float32)
        docs = [term_words(ctx, i) for i in range(ctx.n)]
        if not any(docs):
            ctx.cache["tfidf"] = (sparse.csr_matrix((ctx.n, 0), dtype=np.float32), [])
        else:
            matrix = vectorizer.fit_transform(docs).tocsr()
            ctx.cache["tfidf"] = (matrix, list(vectorizer.get_feature_names_out()))
    return ctx.cache["tfidf"]


def row_entries(matrix: sparse.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x, position in matrix.data) of every stored entry of row rows[x], for each x in order."""
    starts, lengths = matrix.indptr[rows], np.diff(matrix.indptr)[rows]
    owner = np.repeat(np.arange(len(rows)), lengths)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, starts[owner] + offsets


def row_top_k(matrix: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, values) of each row's `k` largest entries, by row then descending value
    (ties: lower column first)."""
    rows, cols = matrix.shape
    if cols > k and matrix.nnz > DENSE_SHARE * rows * cols:
        return _dense_top_k(matrix, k)
    coo = matrix.tocoo()
    order = np.lexsort((coo.col, -coo.data, coo.row))
    rows, cols, values = coo.row[order], coo.col[order], coo.data[order]
    starts = np.searchsorted(rows, rows, side="left")
    keep = (np.arange(len(rows)) - starts) < k
    return rows[keep].astype(np.int64), cols[keep].astype(np.int64), values[keep]


#: A block of pairs with entries in more than this share of its cells is ranked dense: below
#: 5,000 terms GG503 compares every pair, and on a glossary in one narrow field nearly every
#: two terms share some word (sorting 4 million entries took 2 s of 5 at 2,000 terms).
DENSE_SHARE = 0.25


def _dense_top_k(matrix: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`row_top_k` through a dense copy: each row's k-th largest value by partition, every
    entry above it, and as many entries equal to it as fit, lowest columns first."""
    coo = matrix.tocoo()
    dense = np.full(matrix.shape, -np.inf, dtype=matrix.dtype)
    dense[coo.row, coo.col] = coo.data
    kth = -np.partition(-dense, k - 1, axis=1)[:, k - 1:k]
    above = dense > kth
    tied = (dense == kth) & np.isfinite(dense)
    keep = above | tied
    room = k - above.sum(axis=1)
    crowded = np.flatnonzero(tied.sum(axis=1) > room)  # more ties than room: lowest columns
    if len(crowded):
        ties = tied[crowded]
        keep[crowded] = above[crowded] | (ties & (np.cumsum(ties, axis=1) <= room[crowded, None]))
    rows, cols = np.nonzero(keep)
    values = dense[rows, cols]
    order = np.lexsort((cols, -values, rows))
    return rows[order].astype(np.int64), cols[order].astype(np.int64), values[order]


def similar_pairs(ctx: SuggestContext, k: int = TOP_K) -> sparse.csr_matrix:
    """Each term's `k` most similar terms not excluded, with their cosine (cached per context)."""
    key = f"similar-{k}"
    if key not in ctx.cache:
        matrix, _ = tfidf_matrix(ctx)
        finder = matrix if ctx.n <= EXACT_MAX else _rare_columns(matrix)
        found = [_block_top_k(ctx, finder, start, k) for start in range(0, ctx.n, _BLOCK)]
        rows = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.int64)
        cols = np.concatenate([f[1] for f in found]) if found else np.zeros(0, np.int64)
        if finder is not matrix and len(rows):
            values = pair_dots(matrix, rows, cols)
        else:
            values = np.concatenate([f[2] for f in found]) if found else np.zeros(0)
        ctx.cache[key] = pairs_matrix(ctx.n, rows, cols, values)
    return ctx.cache[key]


def pair_dots(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray,
              dtype: type | None = None, block: int = 20_000) -> np.ndarray:
    """matrix[rows[x]] . matrix[cols[x]] for each x, a block of pairs at a time (all at once
    copied 2 x 290,000 rows at 100,000 terms: 420 MB), in `dtype` (float64: the products of
    two float32 weights are exact)."""
    dtype = dtype or np.result_type(matrix.dtype, np.float32)
    out = np.zeros(len(rows), dtype=dtype)
    for start in range(0, len(rows), block):
        stop = start + block
        left = matrix[rows[start:stop]].astype(dtype, copy=False)
        right = matrix[cols[start:stop]].astype(dtype, copy=False)
        out[start:stop] = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    return out


def _rare_columns(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = np.flatnonzero(df <= max(50, int(math.sqrt(n))))
    return matrix[:, keep].tocsr()


def _block_top_k(ctx: SuggestContext, finder: sparse.csr_matrix, start: int,
                 k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    stop = min(start + _BLOCK, ctx.n)
    block = (finder[start:stop] @ finder.T).tocsr()
    blocked = ctx.excluded[start:stop] + sparse.eye(stop - start, ctx.n, k=start, format="csr")
    block = block - block.multiply(blocked > 0)
    block.eliminate_zeros()
    rows, cols, values = row_top_k(block, k)
    return rows + start, cols, values


def similar_definitions(ctx: SuggestContext) -> Candidates:
    """GG503's candidates: each term's most similar terms by TF-IDF cosine, and by the cosine of
    a configured embedding model (`graph.suggest.embeddings`) as the signal "GG503 meaning"."""
    from .embeddings import meaning_pairs

    scores = similar_pairs(ctx)
    matrix, vocabulary = tfidf_matrix(ctx)
    meaning = meaning_pairs(ctx)

    def wording(a: int, b: int) -> str:
        weights = dict(zip(*_row(matrix, a)))
        shared = [(-weights[c] * w, vocabulary[c]) for c, w in zip(*_row(matrix, b)) if c in weights]
        best = [shown(word) for _, word in sorted(shared)[:6]]
        cosine = sum(-product for product, _ in shared)
        said = [f"similar wording (cosine {cosine:.2f}), shared words: {', '.join(best)}"] \
            if shared else []
        if meaning is not None and max(meaning[a, b], meaning[b, a]) > 0:
            said.append(f"similar meaning (embedding cosine {max(meaning[a, b], meaning[b, a]):.2f})")
        return "; ".join(said)

    def evidence(terms: np.ndarray, targets: np.ndarray) -> list[str]:
        near = _neighbour_wording(ctx, terms, targets)
        return [wording(a, b) + near[x]
                for x, (a, b) in enumerate(zip(terms.tolist(), targets.tolist()))]

    signals = {} if meaning is None else {"GG503 meaning": meaning}
    return Candidates("GG503", "similar-definitions", RELATED, scores, evidence, signals=signals)


def _neighbour_wording(ctx: SuggestContext, terms: np.ndarray, targets: np.ndarray) -> list[str]:
    """For each pair: the terms linked to one of the pair whose wording is closest to the
    other's (the cosines of every pair's neighbours at once: one by one took 12 s of 110 at
    100,000 terms)."""
    vectors, links = tfidf_matrix(ctx)[0], ctx.links
    near: list[list[tuple[float, str, str, str]]] = [[] for _ in range(len(terms))]
    label = ctx.term
    for ones, others in ((terms, targets), (targets, terms)):
        pair, at = row_entries(links, others)
        around = links.indices[at].astype(np.int64)
        cosines = pair_dots(vectors, ones[pair], around, np.float64)
        keep = cosines >= NEIGHBOUR_MIN
        for x, one, k, cosine in zip(pair[keep].tolist(), ones[pair[keep]].tolist(),
                                     around[keep].tolist(), cosines[keep].tolist()):
            near[x].append((-cosine, label(one).label, label(k).label, label(others[x]).label))
    return ["".join(f"; '{one}' is worded like '{k}' (cosine {-c:.2f}), linked to '{other}'"
                    for c, one, k, other in sorted(found)[:2]) for found in near]


def _row(matrix: sparse.csr_matrix, i: int) -> tuple[list[int], list[float]]:
    """(columns, values) of one row of a CSR matrix, without scipy's slicing overhead."""
    start, stop = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[start:stop].tolist(), matrix.data[start:stop].tolist()
