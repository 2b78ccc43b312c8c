"""Resolving references: the one index of names and what resolving every reference gives.

A reference resolves by the concept IRI of a term, else its folded label,
alias or slug, in that order (`NameIndex.lookup`); `resolve_references`
resolves every reference of a glossary once, each distinct text once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .names import fold, slug_of_folded

if TYPE_CHECKING:  # pragma: no cover
    from .model import Reference, Term

__all__ = ["Link", "UnresolvedReference", "AmbiguousReference", "Resolution", "NameIndex",
           "resolve_references"]


@dataclass(frozen=True)
class Link:
    """A resolved reference: `source` declares `relation` to `target` (term ids)."""

    source: str
    target: str
    relation: str
    via: str  # "iri", "id", "label", "alias" or "slug"
    reference: Reference


@dataclass(frozen=True)
class UnresolvedReference:
    """A reference that names no label, alias or slug of any term."""

    source: str
    reference: Reference


@dataclass(frozen=True)
class AmbiguousReference:
    """A reference that matches several terms (sorted ids in `candidates`)."""

    source: str
    reference: Reference
    candidates: tuple[str, ...]


@dataclass
class Resolution:
    """The result of resolving every reference of a glossary once."""

    links: list[Link] = field(default_factory=list)
    unresolved: list[UnresolvedReference] = field(default_factory=list)
    ambiguous: list[AmbiguousReference] = field(default_factory=list)


class NameIndex:
    """Concept IRI, folded label, alias and slug -> term ids; the one resolver.

    A reference that is the IRI of a term resolves to that term whatever the
    labels say (an RDF link points at an IRI); the IRI table is built on the
    first reference that could be one (it holds a colon).
    """

    def __init__(self, terms: Iterable[Term], iri_of: Any = None) -> None:
        self._iri_of = iri_of
        self._iris: dict[str, list[str]] | None = None
        self.labels: dict[str, list[str]] = defaultdict(list)
        self.aliases: dict[str, list[str]] = defaultdict(list)
        self.slugs: dict[str, list[str]] = defaultdict(list)
        #: Declared id (exactly as written) -> term ids; empty unless entries declare ids.
        self.declared: dict[str, list[str]] = {}
        for term in terms:
            if term.declared_id is not None:
                self.declared.setdefault(term.declared_id, []).append(term.id)
            key = fold(term.label)
            self.labels[key].append(term.id)
            for alias in term.aliases:
                ids = self.aliases[fold(alias)]
                if term.id not in ids:
                    ids.append(term.id)
            self.slugs[slug_of_folded(key)].append(term.id)

    def iris(self) -> dict[str, list[str]]:
        """Concept IRI -> term ids (one id unless two terms claim the same IRI)."""
        if self._iris is None:
            found: dict[str, list[str]] = {}
            if self._iri_of is not None:
                for ids in self.slugs.values():
                    for term_id in ids:
                        found.setdefault(self._iri_of(term_id), []).append(term_id)
            self._iris = found
        return self._iris

    def lookup(self, text: str) -> tuple[str | None, list[str]]:
        """Return (how, ids): an IRI wins over a declared id, which wins over labels, labels
        over aliases, aliases over slugs."""
        if ":" in text:
            ids = self.iris().get(text)
            if ids:
                return "iri", _distinct(ids)
        if self.declared:
            ids = self.declared.get(text)
            if ids:
                return "id", _distinct(ids)
        key = fold(text)
        ids = self.labels.get(key)
        if ids:
            return "label", _distinct(ids)
        ids = self.aliases.get(key)
        if ids:
            return "alias", _distinct(ids)
        ids = self.slugs.get(slug_of_folded(key)) if key else None  # the slug only when needed
        if ids:
            return "slug", _distinct(ids)
        return None, []


def _distinct(ids: list[str]) -> list[str]:
    """The ids sorted, each once (a new list)."""
    return [ids[0]] if len(ids) == 1 else sorted(set(ids))


def resolve_references(terms: dict[str, Term], index: NameIndex) -> Resolution:
    """Resolve every relationship entry of every term against `index`."""
    result = Resolution()
    add_link, add_unresolved = result.links.append, result.unresolved.append
    # The same text resolves the same way: (how, the one target or None, all targets).
    seen: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
    for term in terms.values():
        source = term.id
        for ref in term.references:
            found = seen.get(ref.text)
            if found is None:
                how, ids = index.lookup(ref.text)
                found = seen[ref.text] = (how or "label", ids[0] if len(ids) == 1 else None,
                                          tuple(ids))
            how, target, ids = found
            if target is not None:
                add_link(Link(source, target, ref.relation, how, ref))
            elif not ids:
                add_unresolved(UnresolvedReference(source, ref))
            else:
                result.ambiguous.append(AmbiguousReference(source, ref, ids))
    return result
