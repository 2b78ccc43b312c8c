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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..gcpause import paused_gc
from .base import ALIAS, Candidates

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary, Position, Term
    from .context import SuggestContext

__all__ = ["Suggestion", "suggest", "suggest_in", "SUGGESTION_RULES", "DEFAULT_TOP",
           "DEFAULT_MIN_SCORE", "rule_codes"]

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
    from .ranking import rank

    if ctx.n < 2 or not codes or top < 1:
        return []
    finders = _finders()
    with paused_gc():  # many objects that stay alive: collections would only rescan them
        found = {code: finders[code](ctx) for code in codes}
        ranked = rank(ctx, list(found.values()), top, min_score)
        ranked.reverse()  # taken from the end, so each ranked pair is let go once it is written
        result = [_suggestion(ctx, ranked.pop(), found) for _ in range(len(ranked))]
    return sorted(result, key=lambda s: (s.term.casefold(), s.term, -s.score, s.target.casefold(),
                                         s.target))


def _suggestion(ctx: SuggestContext, item: Any, found: dict[str, Candidates]) -> Suggestion:
    term, target = ctx.term(item.term), ctx.term(item.target)
    code = item.code
    evidence = [found[code].evidence(*_ends(found[code], item.term, item.target))]
    evidence += [found[other].evidence(*_ends(found[other], item.term, item.target))
                 for other in sorted(item.parts) if other != code]
    where = _where(term, item.relation)
    return Suggestion(code, found[code].kind, term.label, target.label, item.relation,
                      round(item.score, 3), "; ".join(evidence),
                      where.file if where else None, where.line if where else None,
                      where.column if where else None, term.id, target.id)


def _ends(cand: Candidates, a: int, b: int) -> tuple[int, int]:
    """The pair as the rule saw it: a mention found in b's definitions is evidence (b, a)."""
    if cand.symmetric:
        return a, b
    scores = cand.scores
    row = scores.indices[scores.indptr[a]:scores.indptr[a + 1]]
    return (a, b) if b in row else (b, a)


def _where(term: Term, relation: str) -> Position | None:
    """Where the link would be written: the relation's key, else `relationships`, else the term."""
    paths = ["aliases"] if relation == ALIAS else [f"relationships.{relation}", "relationships"]
    for path in paths:
        if path in term.positions:
            return term.position_of(path)
    return term.position
