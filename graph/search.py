"""Typo-tolerant search over labels, aliases and definitions (rapidfuzz)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils

from .model import fold

if TYPE_CHECKING:  # pragma: no cover
    from .model import Glossary, Term

__all__ = ["SearchHit", "search_terms", "suggest_names"]


@dataclass(frozen=True)
class SearchHit:
    """One search result: the term, its score (0-100), and the text that matched."""

    term: Term
    score: float
    matched: str
    field: str  # "label", "alias" or "definition"


def _names(glossary: Glossary) -> dict[str, list[tuple[str, str, str]]]:
    """Folded name -> every (term id, name as written, field) it is a label or alias of.

    A name several terms share (an alias two terms claim, or one term's label
    and another's alias) names each of them: each scores as a match.
    """
    return glossary.name_owners()


def suggest_names(glossary: Glossary, text: str, limit: int = 3, cutoff: float = 75) -> list[str]:
    """Labels or aliases that look like `text` (for "did you mean"), best first.

    One suggestion per term: its closest name, or its label when that name is
    shared with another term (the shared name would not say which is meant).

    >>> from graph.model import Glossary, Term
    >>> suggest_names(Glossary([Term("delta"), Term("gamma")]), "delt")
    ['delta']
    >>> suggest_names(Glossary([Term("model card", aliases=["model cards"])]), "modl crd")
    ['model card']
    """
    return glossary.suggest(text, limit=limit, cutoff=cutoff)


def search_terms(glossary: Glossary, text: str, limit: int = 10) -> list[SearchHit]:
    """Rank terms for a query: names (labels, aliases) first, then definitions.

    A close match on a label or alias (typos included) scores highest; words
    found in a definition score lower. Each term appears once, best hit kept.

    >>> from graph.model import Glossary, Term
    >>> g = Glossary([Term("guardrails", short_def="Limits on model output"), Term("red teaming")])
    >>> [hit.term.label for hit in search_terms(g, "gaurdrails")]
    ['guardrails']
    """
    query = fold(text)
    if not query:
        return []
    best: dict[str, SearchHit] = {}
    names = _names(glossary)
    for key, score, _ in process.extract(query, list(names), scorer=fuzz.WRatio,
                                         limit=limit * 3, score_cutoff=60):
        for term_id, written, field in names[key]:
            _keep(best, SearchHit(glossary.terms[term_id], float(score), written, field))
    definitions = {t.id: t.short_def for t in glossary if t.short_def}
    if definitions:
        for _text, score, term_id in process.extract(
            query, definitions, scorer=fuzz.partial_token_set_ratio, processor=utils.default_process,
            limit=limit * 3, score_cutoff=80,
        ):
            hit = SearchHit(glossary.terms[term_id], float(score) * 0.8, _text, "definition")
            _keep(best, hit)
    ranked = sorted(best.values(), key=lambda hit: (-hit.score, hit.term.label))
    return ranked[:limit]


def _keep(best: dict[str, SearchHit], hit: SearchHit) -> None:
    current = best.get(hit.term.id)
    if current is None or hit.score > current.score:
        best[hit.term.id] = hit
