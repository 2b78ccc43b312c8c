"""How well suggestions recover links a glossary really has: hide some, ask, count.

A seeded random share of the glossary's related pairs (or broader pairs) is
hidden: every reference between the two terms of a hidden pair is removed,
so the pair becomes unlinked. `suggest` then runs on what remains, and each
hidden pair is ranked: its rank is the better of the two terms' lists (the
pair {a, b} is found when a's suggestions name b or b's name a). Reported:
recall@5 and recall@10 (the share of hidden pairs ranked within 5 or 10) and
the mean reciprocal rank (MRR, 0 for a pair not ranked). The baseline ranks,
for each term, every term it is not linked to by TF-IDF cosine (scikit-learn
defaults) over label, aliases and definitions, evaluated the same way.

Examples
--------
>>> import graph                                                   # doctest: +SKIP
>>> evaluate(graph.load("data"), "related", seed=0)["suggest"]     # doctest: +SKIP
{'recall@5': ..., 'recall@10': ..., 'mrr': ..., 'hidden': ...}
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from .context import SuggestContext
from .text import definitions_of, names_of

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["hide_links", "evaluate", "ranks_of", "baseline_lists", "scores_of"]

FRACTION = 0.2
DEPTH = 10


def _pairs(glossary: Glossary, relation: str) -> list[tuple[str, str]]:
    """The distinct pairs linked by `relation` (broader also counts narrower the other way)."""
    found = set()
    for link in glossary.links:
        if link.source == link.target:
            continue
        if relation == "related" and link.relation == "related":
            found.add(tuple(sorted((link.source, link.target))))
        elif relation == "broader" and link.relation in ("broader", "narrower"):
            child, parent = ((link.source, link.target) if link.relation == "broader"
                             else (link.target, link.source))
            found.add((child, parent))
    return sorted(found)


def hide_links(glossary: Glossary, relation: str, fraction: float = FRACTION,
               seed: int = 0) -> tuple[Glossary, list[tuple[str, str]]]:
    """(the glossary without the hidden pairs' links, the hidden pairs as term ids)."""
    from ..model import Glossary

    pairs = _pairs(glossary, relation)
    hidden = sorted(random.Random(seed).sample(pairs, round(fraction * len(pairs))))
    gone = {frozenset(pair) for pair in hidden}
    drop = {id(link.reference) for link in glossary.links
            if frozenset((link.source, link.target)) in gone}
    terms = [replace(term, references=[r for r in term.references if id(r) not in drop])
             for term in glossary]
    return Glossary(terms, glossary.scheme, source=glossary.source, config=glossary.config), hidden


def ranks_of(lists: dict[str, list[str]], hidden: list[tuple[str, str]]) -> list[float]:
    """The rank (1-based; inf when absent) of each hidden pair in the better of its two lists."""
    def rank(a: str, b: str) -> float:
        found = lists.get(a, [])
        return float(found.index(b) + 1) if b in found else float("inf")

    return [min(rank(a, b), rank(b, a)) for a, b in hidden]


def scores_of(ranks: list[float]) -> dict[str, Any]:
    """recall@5, recall@10, MRR and the number of hidden pairs."""
    array = np.array(ranks, dtype=float)
    if not len(array):
        return {"recall@5": 0.0, "recall@10": 0.0, "mrr": 0.0, "hidden": 0}
    return {"recall@5": round(float(np.mean(array <= 5)), 3),
            "recall@10": round(float(np.mean(array <= 10)), 3),
            "mrr": round(float(np.mean(1.0 / array)), 3), "hidden": len(array)}


def suggest_lists(glossary: Glossary, depth: int = DEPTH) -> dict[str, list[str]]:
    """Each term's suggested targets (ids), best first, `depth` deep, every rule, no minimum score."""
    from . import SUGGESTION_RULES, suggest_in

    lists: dict[str, list[str]] = {}
    for item in suggest_in(SuggestContext(glossary), list(SUGGESTION_RULES), depth, 0.0):
        lists.setdefault(item.term_id, []).append(item.target_id)
    return lists


def baseline_lists(glossary: Glossary, depth: int = DEPTH) -> dict[str, list[str]]:
    """Each term's unlinked terms ranked by TF-IDF cosine over label, aliases and definitions."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    ctx = SuggestContext(glossary)
    docs = [" ".join([*names_of(ctx.term(i)), *(text for _, text in definitions_of(ctx.term(i)))])
            for i in range(ctx.n)]
    matrix = TfidfVectorizer().fit_transform(docs)
    similarity = (matrix @ matrix.T).toarray()
    np.fill_diagonal(similarity, -1.0)
    similarity[ctx.links.toarray() > 0] = -1.0
    lists = {}
    for i in range(ctx.n):
        order = np.lexsort((np.arange(ctx.n), -similarity[i]))[:depth]
        lists[ctx.ids[i]] = [ctx.ids[j] for j in order if similarity[i, j] > -1.0]
    return lists


def evaluate(glossary: Glossary, relation: str = "related", seed: int = 0,
             fraction: float = FRACTION) -> dict[str, Any]:
    """{"suggest": scores, "baseline": scores} for one seeded hiding of `relation` pairs."""
    reduced, hidden = hide_links(glossary, relation, fraction, seed)
    return {"suggest": scores_of(ranks_of(suggest_lists(reduced), hidden)),
            "baseline": scores_of(ranks_of(baseline_lists(reduced), hidden))}
