"""Suggestions: the links a glossary lacks, each with a score and the evidence for it.

Five rules propose pairs of terms that are not linked (GG501 unlinked
mention, GG502 label inclusion, GG503 similar definitions, GG504 shared
neighbours, GG505 near duplicates); `graph.suggest.ranking` merges their
scores and keeps each term's best `top`. Pairs already linked in any
direction or relation, or in one broader chain, are never proposed.

Examples
--------
>>> from graph.model import Glossary, Term
>>> g = Glossary([Term("guardrail", short_def="A limit on what a model may do."),
...               Term("jailbreak", short_def="A prompt that gets around a guardrail.")])
>>> [(s.term, s.target, s.relation, s.code) for s in suggest(g, select=["GG501"])]
[('guardrail', 'jailbreak', 'related', 'GG501'), ('jailbreak', 'guardrail', 'related', 'GG501')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..gcpause import paused_gc
from .base import ALIAS, Candidates

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary, Position, Term
    from .context import SuggestContext
    from .ranking import Ranked

__all__ = ["Suggestion", "suggest", "suggest_in", "chosen", "chosen_in", "Chosen",
           "SUGGESTION_RULES", "DEFAULT_TOP", "DEFAULT_MIN_SCORE", "rule_codes"]

DEFAULT_TOP = 5
DEFAULT_MIN_SCORE = 0.2
_KEYS = ("code", "kind", "term", "target", "relation", "score", "evidence", "file", "line", "column")


def _finders() -> dict[str, Callable[[SuggestContext], Candidates]]:
    from .duplicates import near_duplicates
    from .inclusion import label_inclusions
    from .mention import unlinked_mentions
    from .neighbours import shared_neighbours
    from .similar import similar_definitions

    return {"GG501": unlinked_mentions, "GG502": label_inclusions, "GG503": similar_definitions,
            "GG504": shared_neighbours, "GG505": near_duplicates}


#: Code -> rule name of the suggestion rules.
SUGGESTION_RULES = {"GG501": "unlinked-mention", "GG502": "label-inclusion",
                    "GG503": "similar-definitions", "GG504": "shared-neighbours",
                    "GG505": "near-duplicate"}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One proposed link: `term` should link `target` with `relation`, and why."""

    code: str
    kind: str
    term: str
    target: str
    relation: str
    score: float
    evidence: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    term_id: str = field(default="", compare=False)
    target_id: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The ten keys of `glossgraph suggest --format json`, in order."""
        return {key: getattr(self, key) for key in _KEYS}

    @property
    def headline(self) -> str:
        """What is proposed, with the score, without the evidence."""
        if self.relation == ALIAS:
            return f"'{self.term}' and '{self.target}' may be the same term (score {self.score:.2f})"
        verb = "have broader" if self.relation == "broader" else "be related to"
        return f"'{self.term}' may {verb} '{self.target}' (score {self.score:.2f})"

    @property
    def message(self) -> str:
        return f"{self.headline}: {self.evidence}"


def rule_codes(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[str]:
    """The suggestion codes that `select` (codes or prefixes; default all) and `ignore` leave."""
    chosen = [code for code in SUGGESTION_RULES
              if select is None or any(code.startswith(p) for p in select)]
    return [code for code in chosen if not any(code.startswith(p) for p in ignore or ())]


def suggest(glossary: Glossary, *, select: Iterable[str] | None = None,
            ignore: Iterable[str] | None = None, top: int = DEFAULT_TOP,
            min_score: float = DEFAULT_MIN_SCORE) -> list[Suggestion]:
    """Each term's best `top` suggestions scoring at least `min_score`, by term then score.

    Parameters
    ----------
    glossary : Glossary
    select, ignore : codes or prefixes ("GG501", "GG5")
        Which suggestion rules run (default: all five).
    top : int
        Suggestions kept per term.
    min_score : float
        The lowest combined score kept, in [0, 1].
    """
    from .context import SuggestContext

    return suggest_in(SuggestContext(glossary), rule_codes(select, ignore), top, min_score)


def suggest_in(ctx: SuggestContext, codes: list[str], top: int = DEFAULT_TOP,
               min_score: float = DEFAULT_MIN_SCORE) -> list[Suggestion]:
    """`suggest` on a context (whose matrices are kept), running the rules `codes`."""
    return list(chosen_in(ctx, codes, top, min_score))


def chosen(glossary: Glossary, *, select: Iterable[str] | None = None,
           ignore: Iterable[str] | None = None, top: int = DEFAULT_TOP,
           min_score: float = DEFAULT_MIN_SCORE) -> Chosen:
    """`suggest`'s suggestions, ranked but not worded yet: read them a batch at a time."""
    from .context import SuggestContext

    return chosen_in(SuggestContext(glossary), rule_codes(select, ignore), top, min_score)


def chosen_in(ctx: SuggestContext, codes: list[str], top: int = DEFAULT_TOP,
              min_score: float = DEFAULT_MIN_SCORE) -> Chosen:
    """`chosen` on a context, running the rules `codes`."""
    import numpy as np

    from .ranking import Ranked, rank

    if ctx.n < 2 or not codes or top < 1:
        nothing = np.zeros(0, dtype=np.int64)
        return Chosen(ctx, Ranked(nothing, nothing, np.zeros(0), {}), {})
    finders = _finders()
    with paused_gc():  # many objects that stay alive: collections would only rescan them
        found = {code: finders[code](ctx) for code in codes}
        ranked = rank(ctx, list(found.values()), top, min_score)
    return Chosen(ctx, ranked[_reading_order(ctx, ranked)], found)


@dataclass(frozen=True)
class Chosen:
    """The suggestions chosen, in the order of the list, worded only when read, `_BATCH` at a
    time: the summary needs only `len` and `codes`, and a writer can let each batch go once it
    is written (all 500,000 of 100,000 terms at once took about 200 MB more)."""

    ctx: SuggestContext
    ranked: Ranked
    found: dict[str, Candidates]

    def __len__(self) -> int:
        return len(self.ranked)

    def codes(self) -> list[str]:
        """Each suggestion's code, in order, without wording any."""
        return self.ranked.codes()

    def batches(self) -> Iterator[list[Suggestion]]:
        """The suggestions, in order, a batch at a time."""
        for start in range(0, len(self.ranked), _BATCH):
            with paused_gc():
                batch = _suggestions(self.ctx, self.ranked[start:start + _BATCH], self.found)
            yield batch

    def __iter__(self) -> Iterator[Suggestion]:
        for batch in self.batches():
            yield from batch


def _reading_order(ctx: SuggestContext, ranked: Ranked) -> Any:
    """The order of the list: by term label (casefolded, then as written), descending score (as
    shown, to 3 places), target label; pairs alike in all of these stay in ranked order. (Sorting
    the built suggestions by a key of strings took 90 MB more at 100,000 terms.)"""
    import numpy as np

    labels = [term.label for term in ctx.terms]
    keys = {key: x for x, key in enumerate(sorted({(label.casefold(), label) for label in labels}))}
    place = np.array([keys[(label.casefold(), label)] for label in labels], dtype=np.int64)
    shown = np.array([round(score, 3) for score in ranked.scores.tolist()])
    return np.lexsort((place[ranked.targets], -shown, place[ranked.terms]))


#: Suggestions whose evidence is worded at a time (each rule words a batch at once).
_BATCH = 20_000


def _suggestions(ctx: SuggestContext, ranked: Ranked, found: dict[str, Candidates]) -> list[Suggestion]:
    codes = ranked.codes()
    relations = ranked.relations(codes)
    said = {code: _evidence(cand, ranked) for code, cand in found.items()}
    result = []
    for x, (a, b, score) in enumerate(zip(ranked.terms.tolist(), ranked.targets.tolist(),
                                          ranked.scores.tolist())):
        code = codes[x]
        evidence = [said[code][x]] + [said[other][x] for other in sorted(said)
                                      if other != code and said[other][x] is not None]
        term, target = ctx.term(a), ctx.term(b)
        where = _where(term, relations[x])
        result.append(Suggestion(code, found[code].kind, term.label, target.label, relations[x],
                                 round(score, 3), "; ".join(evidence),
                                 where.file if where else None, where.line if where else None,
                                 where.column if where else None, term.id, target.id))
    return result


def _evidence(cand: Candidates, ranked: Ranked) -> list[str | None]:
    """The rule's evidence for each ranked pair it proposes (None for the others), each pair as
    the rule saw it: a mention of a found in b's definitions is evidence (b, a)."""
    import numpy as np

    said: list[str | None] = [None] * len(ranked)
    chosen = np.flatnonzero(ranked.parts[cand.code] > 0)
    terms, targets = ranked.terms[chosen], ranked.targets[chosen]
    if not cand.symmetric:
        forward = np.asarray(cand.scores[terms, targets]).ravel() > 0 if len(chosen) else chosen
        terms, targets = np.where(forward, terms, targets), np.where(forward, targets, terms)
    for x, text in zip(chosen.tolist(), cand.evidence(terms, targets)):
        said[x] = text
    return said


def _where(term: Term, relation: str) -> Position | None:
    """Where the link would be written: the relation's key, else `relationships`, else the term."""
    paths = ["aliases"] if relation == ALIAS else [f"relationships.{relation}", "relationships"]
    for path in paths:
        if path in term.positions:
            return term.position_of(path)
    return term.position
