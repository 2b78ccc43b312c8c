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


def _names(glossary: Glossary) -> dict[str, tuple[str, str, str]]:
    """Folded name -> (term id, name as written, field)."""
    names: dict[str, tuple[str, str, str]] = {}
    for term in glossary:
        names.setdefault(fold(term.label), (term.id, term.label, "label"))
    for term in glossary:
        for alias in term.aliases:
            names.setdefault(fold(alias), (term.id, alias, "alias"))
    return names


def suggest_names(glossary: Glossary, text: str, limit: int = 3, cutoff: float = 75) -> list[str]:
    """Labels or aliases that look like `text` (for "did you mean"), best first.

    >>> from graph.model import Glossary, Term
    >>> suggest_names(Glossary([Term("delta"), Term("gamma")]), "delt")
    ['delta']
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
        term_id, written, field = names[key]
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
