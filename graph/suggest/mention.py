"""GG501 unlinked mention: a term's definitions name another term that it does not link.

The definitions are read first (short_def, long_def, SKOS definitions and
scope notes), then the rest of the term's prose: the definition for each
audience, the examples and the risk notes, at a lower score.

Names (labels and aliases) and definitions are folded the same way
(`graph.suggest.text`), each name token becomes one character, and an
Aho-Corasick automaton (ahocorasick-rs) finds the names in every definition in
one pass: word-bounded by construction, the longest match first, and a name
inside a longer matched name is not reported ("incident response" inside
"ai incident response"). A term's own names are matched too, so the words of
its own label never count as a mention of a shorter term.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .base import RELATED, Candidates, one_by_one
from .context import pairs_matrix
from .text import STOPWORDS, TOKEN, clause_tokens, descriptions_of, fold_prose, name_tokens, names_of

if TYPE_CHECKING:  # pragma: no cover
    from .context import SuggestContext

__all__ = ["unlinked_mentions", "NameIndex", "FIELD_SCORES"]

#: The score of a mention by where it is: the short definition says what a term is.
FIELD_SCORES = {"short_def": 1.0, "definitions": 1.0, "long_def": 0.8, "scope_notes": 0.8}
#: The score of a mention elsewhere in the term's prose (audiences, examples, risk notes).
OTHER_SCORE = 0.6
_FILLER = "\x01"  # stands for every token that is in no name: a barrier between matches
_FIRST_CHAR = 0x100


class NameIndex:
    """Every usable name of every term, as a string of one character per token, in an automaton.

    ahocorasick-rs (Rust's aho-corasick crate) matches leftmost-longest;
    pyahocorasick's `iter_long` missed a name inside the unfinished start of a
    longer one ("prompt replay" in "... audit prompt replay." when "audit
    prompt replay log" is a name) and was six times slower with 70,000 names.
    """

    def __init__(self, ctx: SuggestContext) -> None:
        import ahocorasick_rs

        self.chars: dict[str, str] = {}
        self.owner: dict[tuple[str, ...], int] = self._owners(ctx)
        self._keys = list(self.owner)
        self._owners_in_order = [self.owner[key] for key in self._keys]
        patterns = ["".join(self._char(token) for token in key) for key in self._keys]
        self.automaton = ahocorasick_rs.AhoCorasick(
            patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest) if patterns else None

    def _owners(self, ctx: SuggestContext) -> dict[tuple[str, ...], int]:
        """Name tokens -> the one term they name (labels win over aliases; ambiguous left out)."""
        by_label: dict[tuple[str, ...], set[int]] = defaultdict(set)
        by_alias: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for i in range(ctx.n):
            for position, name in enumerate(names_of(ctx.term(i))):
                key = name_tokens(name)
                if _usable(key):
                    (by_alias if position else by_label)[key].add(i)
        owners = {key: next(iter(ids)) for key, ids in by_alias.items() if len(ids) == 1}
        for key, ids in by_label.items():
            owners.pop(key, None)
            if len(ids) == 1:
                owners[key] = next(iter(ids))
        return dict(sorted(owners.items()))

    def _char(self, token: str) -> str:
        found = self.chars.get(token)
        if found is None:
            code = _FIRST_CHAR + len(self.chars)
            code += 0x800 if code >= 0xD800 else 0  # skip the surrogates
            found = self.chars[token] = chr(code)
        return found

    def encode(self, words: list[str]) -> str:
        chars = self.chars
        return "".join([chars.get(token, _FILLER) for token in words])

    def find(self, words: list[str], parts: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """(first token of the clause, index of the name's last token in it, term number) of
        each name in each clause (first, stop) of `words`: longest first, left to right."""
        if self.automaton is None:
            return []
        owners, encoded, match = self._owners_in_order, self.encode(words), self.automaton
        return [(first, end - 1, owners[key]) for first, stop in parts
                for key, _, end in match.find_matches_as_indexes(encoded[first:stop])]


def _usable(key: tuple[str, ...]) -> bool:
    """A name worth finding in text: not empty, not a lone stopword, digit or letter."""
    if not key:
        return False
    if len(key) == 1:
        word = key[0]
        return len(word) > 1 and not word.isdigit() and word not in STOPWORDS
    return True


def unlinked_mentions(ctx: SuggestContext) -> Candidates:
    """GG501's candidates: term -> each term its definitions name, scored by field and rarity."""
    names = ctx.cache.get("names") or ctx.cache.setdefault("names", NameIndex(ctx))
    found = _Mentions()
    words_of = ctx.cache.setdefault("words", {})  # the prose's tokens, for GG503
    for i in range(ctx.n):
        best: dict[int, tuple[float, int, int]] = {}  # owner -> (score, text number, last token)
        words_of[i] = every = []
        for number, (field_name, text) in enumerate(descriptions_of(ctx.term(i))):
            score = FIELD_SCORES.get(field_name, OTHER_SCORE)
            words, parts = clause_tokens(text)
            every += words
            for first, end, owner in names.find(words, parts):
                if owner != i and best.get(owner, _UNSEEN)[0] < score:
                    best[owner] = (score, number, first + end)
        found.add(i, best)
    rows, cols, values, places = found.arrays()
    values = values * _rarity(cols, ctx.n)
    keep = ~ctx.is_excluded(rows, cols)
    where = _Places(ctx.n, rows[keep], cols[keep], places[keep])
    scores = pairs_matrix(ctx.n, rows[keep], cols[keep], values[keep])
    return Candidates("GG501", "unlinked-mention", RELATED, scores,
                      one_by_one(lambda a, b: mention_evidence(ctx, where, a, b)), symmetric=False)


_UNSEEN = (0.0, -1, -1)
class _Mentions:
    """Each (term, named term) found, with its score and place, in flat arrays (at 100,000
    terms there are 1.9 million: a dict of tuples took 400 MB, these take 45 MB)."""

    def __init__(self) -> None:
        self.rows, self.cols, self.places = array("q"), array("q"), array("q")
        self.values = array("d")

    def add(self, term: int, best: dict[int, tuple[float, int, int]]) -> None:
        self.rows.extend([term] * len(best))
        self.cols.extend(best)
        for score, number, end in best.values():
            self.values.append(score)
            self.places.append(number << 32 | end)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return (np.frombuffer(self.rows, dtype=np.int64), np.frombuffer(self.cols, dtype=np.int64),
                np.frombuffer(self.values, dtype=np.float64),
                np.frombuffer(self.places, dtype=np.int64))


class _Places:
    """(text number, last token) of the mention of b in a's prose, by binary search."""

    def __init__(self, n: int, rows: np.ndarray, cols: np.ndarray, places: np.ndarray) -> None:
        order = np.lexsort((cols, rows))
        self.cols, self.places = cols[order], places[order]
        self.starts = np.searchsorted(rows[order], np.arange(n + 1))

    def get(self, a: int, b: int) -> tuple[int, int]:
        lo, hi = int(self.starts[a]), int(self.starts[a + 1])
        at = lo + int(np.searchsorted(self.cols[lo:hi], b))
        if at == hi or self.cols[at] != b:
            return -1, -1
        place = int(self.places[at])
        return place >> 32, place & 0xFFFFFFFF


def _rarity(cols: np.ndarray, n: int) -> np.ndarray:
    """1 for a term mentioned by few others, less for one named everywhere (an IDF, in [0.5, 1])."""
    if not len(cols):
        return np.ones(0)
    counts = np.bincount(cols, minlength=n)[cols]
    spread = math.log(max(n, 2))
    return 0.5 + 0.5 * np.clip(1.0 - np.log(np.maximum(counts, 1)) / spread, 0.0, 1.0)


@lru_cache(maxsize=16)
def _spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The folded text and its token spans (a term's suggestions often quote the same text)."""
    folded = fold_prose(text)
    return folded, [match.span() for match in TOKEN.finditer(folded)]


def _texts(ctx: SuggestContext, i: int) -> list[tuple[str, str]]:
    """Term i's prose (a term's suggestions come one after another: read once for them all)."""
    last = ctx.cache.get("prose")
    if last is None or last[0] != i:
        last = ctx.cache["prose"] = (i, list(descriptions_of(ctx.term(i))))
    return last[1]


def mention_evidence(ctx: SuggestContext, where: _Places, a: int, b: int) -> str:
    """The sentence of a's prose that names b, quoted with the field it is in."""
    number, end = where.get(a, b)
    texts = _texts(ctx, a)
    if not 0 <= number < len(texts):
        return f"the definitions of '{ctx.term(a).label}' mention '{ctx.term(b).label}'"
    field_name, text = texts[number]
    folded, spans = _spans(text)
    at = spans[end][0] if 0 <= end < len(spans) else 0
    source = text if len(folded) == len(text) else folded
    start = max(source.rfind(". ", 0, at) + 2, 0) if source.rfind(". ", 0, at) >= 0 else 0
    stop = source.find(". ", at)
    sentence = " ".join(source[start:stop + 1 if stop >= 0 else len(source)].split())
    return f"{field_name} of '{ctx.term(a).label}' mentions '{ctx.term(b).label}': \"{sentence}\""
