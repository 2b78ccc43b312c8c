"""Close names for "did you mean": rapidfuzz's answer, without scoring every name.

`CloseNames.extract(query)` returns exactly what
``process.extract(query, names, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)``
returns, with the same scores and the same order. Scoring every name for every
broken reference is quadratic (minutes at 100,000 terms), so a cheap exact
filter runs first, on all the queries at once with numpy:

``fuzz.ratio(a, b) >= cutoff`` needs a common subsequence of at least
``cutoff / 200 * (len(a) + len(b))`` characters, and a common subsequence
cannot be longer than the characters the two names share, counted with
repeats. Those shared characters are counted with bitsets (one bit per
letter and occurrence) and ``numpy.bitwise_count``; only the few names that
pass go to rapidfuzz, in their original order, so ties come out as before.
Without numpy every name is scored, as rapidfuzz alone would.

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

from rapidfuzz import fuzz, process

__all__ = ["CloseNames"]

_LETTER_LEVELS = 4  # bits per letter and the space: "occurs at least 1, 2, 3, 4 times"
_OTHER_LEVELS = 2  # bits per shared bucket: digits, and four buckets for everything else
_BUCKETS = 27 + 1 + 4
_CHUNK = 32  # queries filtered together
_WORKERS = 4  # threads filtering chunks at once


def _bucket_table() -> list[tuple[int, int]]:
    """(first bit, levels) of each bucket: a-z, space, digits, then the four others."""
    table, bit = [], 0
    for bucket in range(_BUCKETS):
        levels = _LETTER_LEVELS if bucket < 27 else _OTHER_LEVELS
        table.append((bit, levels))
        bit += levels
    return table  # 27 * 4 + 5 * 2 = 118 bits: two 64-bit words


_TABLE = _bucket_table()


class CloseNames:
    """The names a misspelt query probably meant, scored by `fuzz.ratio`."""

    def __init__(self, names: Sequence[str], limit: int = 9, cutoff: float = 80) -> None:
        self.names = list(names)
        self.limit = limit
        self.cutoff = cutoff
        self._found: dict[str, list[tuple[str, float, int]]] = {}
        self._bits: Any = None

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
        try:
            import numpy as np
        except ImportError:  # pragma: no cover - numpy comes with most installs
            for query in todo:
                self._found[query] = self._score(query, self.names, None)
            return
        if self._bits is None:
            self._bits = _Index(np, self.names)
        index = self._bits
        todo.sort(key=len)  # similar lengths together: each chunk scans fewer names
        chunks = [todo[start:start + _CHUNK] for start in range(0, len(todo), _CHUNK)]
        workers = min(len(chunks), os.cpu_count() or 1, _WORKERS)
        if workers > 1:  # numpy and process.cdist release the GIL
            with ThreadPoolExecutor(workers) as pool:
                kept = list(pool.map(self._candidates, chunks))
        else:
            kept = [self._candidates(chunk) for chunk in chunks]
        for chunk, keeps in zip(chunks, kept):
            for query, keep in zip(chunk, keeps):
                self._found[query] = self._score(query, index.names[keep].tolist(), keep)

    def _candidates(self, chunk: list[str]) -> list[Any]:
        """Per query of `chunk`, the sorted indexes of the names that may reach `cutoff`.

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
    """The names sorted by length, with their character-count bitsets."""

    def __init__(self, np: Any, names: Sequence[str]) -> None:
        self.np = np
        counts, lengths = _counts(np, names)
        self.order = np.argsort(lengths, kind="stable")
        self.lengths = lengths[self.order]
        self.words = _words(np, counts[self.order])
        self.names = np.array(list(names) + [None], dtype=object)[:-1]  # 1-d even for tuples

    def candidates(self, queries: list[str], cutoff: float) -> list[Any]:
        """Per query, the sorted indexes of the names that can reach `cutoff`.

        Shared characters (bits in common, plus the query's uncounted excess)
        bound the longest common subsequence from above; a name is dropped
        only when that bound is short of ``cutoff / 200 * (len(query) +
        len(name))`` by more than one character, so float rounding never
        drops a match. Names too short or too long to reach it are not looked at.
        """
        np = self.np
        counts, query_lengths = _counts(np, queries)
        query_words = _words(np, counts)
        share = cutoff / 200
        slack = (1 - share) / share if share else float("inf")
        low = int(query_lengths.min() * share / (1 - share)) - 2 if share < 1 else 0
        high = query_lengths.max() * slack + 2
        first, last = np.searchsorted(self.lengths, [low, high], side="left")
        words, lengths = self.words[:, first:last], self.lengths[first:last]
        shared = np.bitwise_count(query_words[0][:, None] & words[0][None, :])
        shared += np.bitwise_count(query_words[1][:, None] & words[1][None, :])
        offset = (query_lengths * share - 1 - _excess(np, counts)).astype(np.float32)
        needed = (lengths * share).astype(np.float32)[None, :] + offset[:, None]
        passing = shared >= needed
        return [np.sort(self.order[first:last][np.flatnonzero(row)]) for row in passing]


def _words(np: Any, counts: Any) -> Any:
    """Bit ``first + level`` of a bucket is set when the text has more than `level` of it."""
    words = np.zeros((2, len(counts)), dtype=np.uint64)
    for bucket, (first, levels) in enumerate(_TABLE):
        for level in range(levels):
            bit = first + level
            set_here = (counts[:, bucket] > level).astype(np.uint64) << np.uint64(bit % 64)
            words[bit // 64] |= set_here
    return words


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
    caps = np.array([levels for _, levels in _TABLE], dtype=np.int64)
    return np.maximum(counts - caps, 0).sum(axis=1)
