"""GG501 unlinked mention: a term's definitions name another term that it does not link.

Names (labels and aliases) and definitions are folded the same way
(`graph.suggest.text`), each name token becomes one character, and an
Aho-Corasick automaton (pyahocorasick) finds the names in every definition in
one pass: word-bounded by construction, the longest match first, and a name
inside a longer matched name is not reported ("incident response" inside
"ai incident response"). A term's own names are matched too, so the words of
its own label never count as a mention of a shorter term.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from .base import RELATED, Candidates
from .context import pairs_matrix
from .text import STOPWORDS, definitions_of, name_tokens, names_of, sentences, tokens

if TYPE_CHECKING:  # pragma: no cover
    from .context import SuggestContext

__all__ = ["unlinked_mentions", "NameIndex", "FIELD_SCORES"]

#: The score of a mention by where it is: the short definition says what a term is.
FIELD_SCORES = {"short_def": 1.0, "definitions": 1.0, "long_def": 0.8, "scope_notes": 0.8}
_FILLER = "\x01"  # stands for every token that is in no name: a barrier between matches
_FIRST_CHAR = 0x100


class NameIndex:
    """Every usable name of every term, as a string of one character per token, in an automaton."""

    def __init__(self, ctx: SuggestContext) -> None:
        import ahocorasick

        self.chars: dict[str, str] = {}
        self.owner: dict[tuple[str, ...], int] = {}
        self.automaton = ahocorasick.Automaton()
        labels = self._owners(ctx)
        for key, owner in labels.items():
            encoded = "".join(self._char(token) for token in key)
            self.automaton.add_word(encoded, (owner, key))
            self.owner[key] = owner
        if labels:
            self.automaton.make_automaton()

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

    def encode(self, text: str) -> str:
        chars = self.chars
        return "".join(chars.get(token, _FILLER) for token in tokens(text))

    def find(self, text: str) -> list[tuple[int, tuple[str, ...]]]:
        """(term number, name tokens) of each name in `text`, longest first, left to right."""
        if not self.owner:
            return []
        return [value for _, value in self.automaton.iter_long(self.encode(text))]


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
    rows, cols, values = [], [], []
    for i in range(ctx.n):
        best: dict[int, float] = {}
        for field_name, text in definitions_of(ctx.term(i)):
            score = FIELD_SCORES.get(field_name, 0.8)
            for owner, _ in names.find(text):
                if owner != i and best.get(owner, 0.0) < score:
                    best[owner] = score
        for owner, score in best.items():
            rows.append(i)
            cols.append(owner)
            values.append(score)
    rows_a, cols_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    values_a = np.array(values, dtype=np.float64) * _rarity(cols_a, ctx.n)
    keep = ~ctx.is_excluded(rows_a, cols_a)
    scores = pairs_matrix(ctx.n, rows_a[keep], cols_a[keep], values_a[keep])
    return Candidates("GG501", "unlinked-mention", RELATED, scores,
                      lambda a, b: mention_evidence(ctx, names, a, b), symmetric=False)


def _rarity(cols: np.ndarray, n: int) -> np.ndarray:
    """1 for a term mentioned by few others, less for one named everywhere (an IDF, in [0.5, 1])."""
    if not len(cols):
        return np.ones(0)
    counts = np.bincount(cols, minlength=n)[cols]
    spread = math.log(max(n, 2))
    return 0.5 + 0.5 * np.clip(1.0 - np.log(np.maximum(counts, 1)) / spread, 0.0, 1.0)


def mention_evidence(ctx: SuggestContext, names: NameIndex, a: int, b: int) -> str:
    """The sentence of a's definitions that names b, quoted with the field it is in."""
    for field_name, text in definitions_of(ctx.term(a)):
        for sentence in sentences(text):
            for owner, key in names.find(sentence):
                if owner == b:
                    return f"{field_name} mentions '{' '.join(key)}': \"{sentence}\""
    return "its definitions mention it"
