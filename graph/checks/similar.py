"""Close names for "did you mean": rapidfuzz's answer, without scoring every name.

`CloseNames.extract(query)` returns exactly what
``process.extract(query, names, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)``
returns, with the same scores and the same order. Scoring every name for every
broken reference is quadratic (minutes at 100,000 terms), so a cheap exact
filter runs first, with numpy:

``fuzz.ratio(a, b) >= cutoff`` needs a common subsequence of at least
``cutoff / 200 * (len(a) + len(b))`` characters, and a common subsequence
cannot be longer than the characters the two names share, counted with
repeats. Those shared characters are counted with bitsets (one bit per
letter and occurrence) and ``numpy.bitwise_count``. Names with the same
length and bitsets are tested once; queries of one length share the window of
name lengths that can reach the cutoff and the thresholds.
Only the names that pass go to rapidfuzz, in their original order, so ties
come out as before. Without numpy every name is scored, as rapidfuzz alone would.

Examples
--------
>>> names = CloseNames(["delta", "gamma", "delta force"])
>>> names.extract("delt")
[('delta', 88.88888888888889, 0)]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import rapidfuzz
from rapidfuzz import fuzz, process

__all__ = ["CloseNames", "FEW_QUERIES"]

_BUCKETS = 27 + 1 + 4  # a-z and the space, digits, four buckets for everything else
_CAPS = [4] * 27 + [2] * 5  # occurrences counted per bucket: levels 0, 1 in word 0; 2, 3 in word 1
_WORKERS = 4  # threads filtering query groups at once
#: Up to this many queries are scored against every name: building the filter's index costs
#: about as much as scoring 100 queries (0.8 s at 140k names, 8 ms a query).
FEW_QUERIES = 32


class CloseNames:
    """The names a misspelt query probably meant, scored by `fuzz.ratio`."""

    #: What the answers depend on besides the names, limit and cutoff (for `graph.checks.memo`).
    VERSION = f"fuzz.ratio/rapidfuzz {rapidfuzz.__version__}"

    def __init__(self, names: Sequence[str], limit: int = 9, cutoff: float = 80,
                 found: dict[str, list] | None = None) -> None:
        """`found`: answers already known for these names, limit and cutoff (filled in as queried)."""
        self.names = list(names)
        self.limit = limit
        self.cutoff = cutoff
        self._found: dict[str, list] = {} if found is None else found
        self._bits: Any = None

    @property
    def known(self) -> dict[str, list]:
        """The answers found so far (or given), by query."""
        return self._found

    def extract(self, query: str) -> list[tuple[str, float, int]]:
        """(name, score, index) of the best names scoring at least `cutoff`, best first."""
        if query not in self._found:
            self.prefetch([query])
        return self._found[query]

    def prefetch(self, queries: Iterable[str]) -> None:
        """Find the close names of many queries at once (the fast way to call `extract`)."""
        todo = list(dict.fromkeys(q for q in queries if q not in self._found))
        if not todo:
            return
        np = self._numpy() if len(todo) > FEW_QUERIES or self._bits is not None else None
        if np is None:  # a few queries: cheaper than building the filter's index
            for query in todo:
                self._found[query] = self._score(query, self.names, None)
            return
        if self._bits is None:
            self._bits = _Index(np, self.names)
        groups: dict[int, list[str]] = {}
        for query in todo:
            groups.setdefault(len(query), []).append(query)
        chunks = sorted(groups.values(), key=len, reverse=True)  # biggest first: threads end together
        workers = min(len(chunks), os.cpu_count() or 1, _WORKERS)
        if workers > 1:  # numpy and process.cdist release the GIL
            with ThreadPoolExecutor(workers) as pool:
                kept = list(pool.map(self._candidates, chunks))
        else:
            kept = [self._candidates(chunk) for chunk in chunks]
        for chunk, keeps in zip(chunks, kept):
            for query, keep in zip(chunk, keeps):
                self._found[query] = self._score(query, self._bits.names[keep].tolist(), keep)

    @staticmethod
    def _numpy() -> Any:
        """numpy, or None without it (then every name is scored, as rapidfuzz alone would)."""
        try:
            import numpy  # 0.1 s to import: only when the filter is worth it
        except ImportError:  # pragma: no cover - numpy comes with most installs
            return None
        return numpy

    def _candidates(self, chunk: list[str]) -> list[Any]:
        """Per query of `chunk` (all of one length), the sorted indexes of the names that may reach `cutoff`.

        The counting filter goes first; `process.cdist` then scores what is
        left with the same `fuzz.ratio`, in float32 and a point below the
        cutoff, so no name scoring at least `cutoff` is dropped; the exact
        scores and order come from `process.extract` on the few left.
        """
        import numpy as np

        low = max(self.cutoff - 1, 0)
        found = []
        for query, keep in zip(chunk, self._bits.candidates(chunk, self.cutoff)):
            if len(keep) > self.limit:
                scores = process.cdist([query], self._bits.names[keep].tolist(), scorer=fuzz.ratio,
                                       score_cutoff=low, dtype=np.float32, workers=1)[0]
                keep = keep[scores >= low]
            found.append(keep)
        return found

    def _score(self, query: str, names: list[str], index: Any) -> list[tuple[str, float, int]]:
        found = process.extract(query, names, scorer=fuzz.ratio, limit=self.limit,
                                score_cutoff=self.cutoff)
        if index is None:
            return found
        return [(name, score, int(index[i])) for name, score, i in found]


class _Index:
    """The distinct (length, bitsets) of the names, sorted by length, and which names have each."""

    def __init__(self, np: Any, names: Sequence[str]) -> None:
        self.np = np
        counts, lengths = _counts(np, names)
        keys = np.column_stack([lengths.astype(np.uint64), _words(np, counts)])
        distinct, inverse = np.unique(keys, axis=0, return_inverse=True)  # sorted by length first
        self.lengths = distinct[:, 0].astype(np.int64)
        self.word0 = np.ascontiguousarray(distinct[:, 1])
        self.word1 = np.ascontiguousarray(distinct[:, 2])
        self.members = np.argsort(inverse.reshape(-1), kind="stable")  # names grouped by key
        sizes = np.bincount(inverse.reshape(-1), minlength=len(distinct))
        self.starts = np.concatenate([[0], np.cumsum(sizes)])
        self.lengths_of = lengths
        self.pairs = _pair_words(np, names, lengths)
        self.names = np.array(list(names) + [None], dtype=object)[:-1]  # 1-d even for tuples

    def candidates(self, queries: list[str], cutoff: float) -> list[Any]:
        """Per query (all of one length), the sorted indexes of the names that can reach `cutoff`.

        Shared characters (bits in common, plus the query's uncounted excess)
        bound the longest common subsequence from above; a name is dropped
        only when that bound is short of ``cutoff / 200 * (len(query) +
        len(name))`` (less a millionth, for float rounding); so are the names
        whose two-character pairs cannot reach it. Names too short or too long
        to reach it are not looked at.
        """
        np = self.np
        counts, query_lengths = _counts(np, queries)
        length = int(query_lengths[0])
        share = cutoff / 200
        slack = (1 - share) / share if share else float("inf")
        low = int(length * share / (1 - share)) - 2 if share < 1 else 0
        first, last = np.searchsorted(self.lengths, [low, length * slack + 2], side="left")
        word0, word1 = self.word0[first:last], self.word1[first:last]
        needed = _least_common(np, self.lengths[first:last] + length, share)
        thresholds: dict[int, Any] = {}  # per excess: what the bits in common must reach, as uint8
        both, shared = np.empty(len(word0), dtype=np.uint64), np.empty(len(word0), dtype=np.uint8)
        words, extras = _words(np, counts).tolist(), _excess(np, counts).tolist()
        pairs = _pair_words(np, queries, query_lengths).tolist()
        found = []
        for (bits0, bits1), extra, pair in zip(words, extras, pairs):
            if extra not in thresholds:  # at most 118 bits in common: 255 never passes, 0 always
                thresholds[extra] = np.clip(needed - extra, 0, 255).astype(np.uint8)
            np.bitwise_and(word0, np.uint64(bits0), out=both)
            np.bitwise_count(both, out=shared)
            np.bitwise_and(word1, np.uint64(bits1), out=both)
            shared += np.bitwise_count(both)
            keep = self._members(first + np.flatnonzero(shared >= thresholds[extra]))
            found.append(keep[self._enough_pairs(keep, pair, length, share)])
        return found

    def _enough_pairs(self, keep: Any, pair: list[int], length: int, share: float) -> Any:
        """Which of the names `keep` share enough two-character pairs with the query (hashed bitsets).

        A common subsequence of ``L`` characters keeps at least ``3 * L - 1 -
        len(query) - len(name)`` adjacent pairs of both, so ``L`` is at most
        ``(pairs in common + 1 + len(query) + len(name)) / 3``.
        """
        np = self.np
        common = np.bitwise_count(self.pairs[keep, 0] & np.uint64(pair[0])).astype(np.int64)
        common += np.bitwise_count(self.pairs[keep, 1] & np.uint64(pair[1]))
        common += max(length - 1, 0) - pair[0].bit_count() - pair[1].bit_count()  # repeats, collisions
        total = length + self.lengths_of[keep]
        return common + 1 + total >= 3 * _least_common(np, total, share)

    def _members(self, keys: Any) -> Any:
        """The sorted indexes of the names having any of `keys`."""
        np = self.np
        starts, sizes = self.starts[keys], self.starts[keys + 1] - self.starts[keys]
        offsets = np.repeat(starts - np.cumsum(sizes) + sizes, sizes)
        return np.sort(self.members[offsets + np.arange(int(sizes.sum()))])


def _words(np: Any, counts: Any) -> Any:
    """(texts x 2) bitsets: bit ``2 * bucket + level`` of a word is set when the text has more of it.

    Word 0 holds the levels "more than 0" and "more than 1" of every bucket,
    word 1 the levels "more than 2" and "more than 3" of the letters and the space.
    """
    caps = np.array(_CAPS, dtype=np.int64)
    shifts = np.uint64(2) * np.arange(_BUCKETS, dtype=np.uint64)
    low = np.minimum(counts, 2).astype(np.uint64)
    high = (np.clip(counts, 2, caps) - 2).astype(np.uint64)
    one = np.uint64(1)
    words = np.empty((len(counts), 2), dtype=np.uint64)
    words[:, 0] = np.bitwise_or.reduce(((one << low) - one) << shifts, axis=1)
    words[:, 1] = np.bitwise_or.reduce(((one << high) - one) << shifts, axis=1)
    return words


def _least_common(np: Any, total: Any, share: float) -> Any:
    """The fewest characters in common that reach the cutoff, per total length (1e-6 for float rounding)."""
    return np.ceil(total * share - 1e-6).astype(np.int64)


def _pair_words(np: Any, texts: Sequence[str], lengths: Any) -> Any:
    """(texts x 2) bitsets of the hashed adjacent character pairs of each text."""
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    inside = np.flatnonzero(owner[:-1] == owner[1:])  # pairs that do not straddle two texts
    mixed = (codes[inside] * np.uint64(1_000_003) + codes[inside + 1]) * np.uint64(0x9E3779B97F4A7C15)
    slot = owner[inside] * 128 + (mixed >> np.uint64(57)).astype(np.int64)  # the top 7 bits
    present = np.zeros(len(texts) * 128, dtype=bool)
    present[slot] = True
    packed = np.packbits(present.reshape(len(texts), 128), axis=1, bitorder="little")
    return packed.view("<u8").astype(np.uint64).reshape(len(texts), 2)


def _counts(np: Any, texts: Sequence[str]) -> tuple[Any, Any]:
    """(texts x buckets) character counts and the lengths in code points, vectorised."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    bucket = 28 + codes % 4  # everything else
    bucket[(codes >= 48) & (codes <= 57)] = 27
    bucket[codes == 32] = 26
    letters = (codes >= 97) & (codes <= 122)
    bucket[letters] = codes[letters] - 97
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    flat = np.bincount(owner * _BUCKETS + bucket, minlength=len(texts) * _BUCKETS)
    return flat.reshape(len(texts), _BUCKETS), lengths


def _excess(np: Any, counts: Any) -> Any:
    """Per text, the characters beyond the counted levels (shared at most that many more)."""
    caps = np.array(_CAPS, dtype=np.int64)
    return np.maximum(counts - caps, 0).sum(axis=1)
