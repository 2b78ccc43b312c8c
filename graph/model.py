"""The in-memory glossary: terms as written, their positions, and one resolver.

Everything downstream (checks, views, exports, queries) reads this model; no
consumer re-reads files or resolves references again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding
from .gcpause import paused_gc
from .names import ABSOLUTE_IRI, fold, slugify
from .resolver import (
    AmbiguousReference,
    Link,
    NameIndex,
    Resolution,
    UnresolvedReference,
    resolve_references,
)

__all__ = [
    "RELATIONS",
    "INVERSE",
    "STATUSES",
    "KNOWN_FIELDS",
    "DEFAULT_BASE_IRI",
    "fold",
    "slugify",
    "Position",
    "Reference",
    "Term",
    "Link",
    "UnresolvedReference",
    "AmbiguousReference",
    "Resolution",
    "Scheme",
    "Glossary",
    "resolve_references",
]

#: The three SKOS relations a term may declare, in display order.
RELATIONS = ("broader", "narrower", "related")
#: The inverse of each relation.
INVERSE = {"broader": "narrower", "narrower": "broader", "related": "related"}
#: The lifecycle statuses of the ai-glossary shape.
STATUSES = ("draft", "reviewed", "approved", "deprecated")
DEFAULT_BASE_IRI = "https://example.org/glossary/"

#: The fields of the ai-glossary shape, in the order they are written.
KNOWN_FIELDS = (
    "term",
    "aliases",
    "categories",
    "roles",
    "part_of_speech",
    "short_def",
    "long_def",
    "audiences",
    "examples",
    "governance",
    "relationships",
    "citations",
    "license",
    "status",
    "last_reviewed",
)

@dataclass(frozen=True)
class Position:
    """Where something was written: file path, 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Reference:
    """One entry of `relationships.<relation>` as written, with its position."""

    text: str
    relation: str
    index: int
    position: Position | None = None


@dataclass(repr=False)
class Term:
    """One glossary entry as written, plus where it was written.

    `extra` keeps every field glossgraph does not know, so that a round trip
    drops nothing; `field_errors` lists type problems found in known fields
    as (field, message, position); `positions` maps a field path such as
    ``"aliases[0]"`` or ``"status"`` to its (line, column).
    """

    label: str
    aliases: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    part_of_speech: str | None = None
    short_def: str | None = None
    long_def: str | None = None
    audiences: dict[str, str] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    governance: dict[str, Any] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    license: str | None = None
    status: str | None = None
    last_reviewed: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    position: Position | None = None
    field_errors: list[tuple[str, str, Position | None]] = field(default_factory=list)
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict, repr=False)
    id: str = ""
    #: Codes silenced by `# glossgraph: ignore GGxxx` comments in the term's file.
    suppressed: frozenset[str] = frozenset()
    #: The id the entry declares (the configured `id` key, as in glosario's `slug`), which
    #: references may name exactly; None when the id is the slug of the label.
    declared_id: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = slugify(self.label)

    def __repr__(self) -> str:
        where = f" at {self.position}" if self.position else ""
        return f"<Term {self.label!r} id={self.id!r}{where}>"

    @property
    def file(self) -> str | None:
        """The path of the file the term was read from, if any."""
        return self.position.file if self.position else None

    @property
    def nist_rmf_tags(self) -> list[str]:
        tags = self.governance.get("nist_rmf_tags") or []
        return [str(tag) for tag in tags] if isinstance(tags, list) else []

    def position_of(self, path: str) -> Position | None:
        """The position of a field path (``"status"``, ``"aliases[1]"``), else the term's."""
        if path in self.positions and self.file is not None:
            line, column = self.positions[path]
            return Position(self.file, line, column)
        return self.position

    def relationships(self) -> dict[str, list[str]]:
        """The relationships as written: relation -> list of reference texts."""
        result: dict[str, list[str]] = {}
        for ref in self.references:
            result.setdefault(ref.relation, []).append(ref.text)
        return result

    def to_dict(self) -> dict[str, Any]:
        """The term in the ai-glossary shape, known fields first, then unknown ones.

        Empty fields are left out.

        >>> Term("alpha", aliases=["a"], status="draft").to_dict()
        {'term': 'alpha', 'aliases': ['a'], 'status': 'draft'}
        """
        data: dict[str, Any] = {"term": self.label}
        for name in KNOWN_FIELDS[1:]:
            value = self.relationships() if name == "relationships" else getattr(self, name)
            if value not in (None, [], {}, ""):
                data[name] = value
        data.update(self.extra)
        return data

    def references_of(self, relation: str) -> list[Reference]:
        """The entries of one relation, in the order written."""
        return [ref for ref in self.references if ref.relation == relation]

    @property
    def is_deprecated(self) -> bool:
        return self.status == "deprecated"


@dataclass
class Scheme:
    """Metadata of the concept scheme the glossary becomes in SKOS."""

    title: str = "Glossary"
    base_iri: str = DEFAULT_BASE_IRI
    language: str = "en"

    @property
    def iri(self) -> str:
        return self.base_iri + "scheme"


class Glossary:
    """Terms keyed by a stable id, scheme metadata, the resolution, and lazy views.

    Parameters
    ----------
    terms : iterable of Term
        Terms in load order. Ids are slugs of labels, made unique with a
        numeric suffix when two labels share a slug.
    scheme : Scheme, optional
        Title, base IRI and language of the SKOS view.
    load_findings : list of Finding, optional
        Problems met while reading the sources (GG0xx).
    source : str, optional
        The path the glossary was loaded from.

    Examples
    --------
    >>> g = Glossary([Term("alpha", references=[Reference("beta", "related", 0)]),
    ...               Term("beta", aliases=["b"])])
    >>> [link.target for link in g.links]
    ['beta']
    >>> g.find("B").label
    'beta'
    """

    def __init__(
        self,
        terms: Iterable[Term],
        scheme: Scheme | None = None,
        load_findings: list[Finding] | None = None,
        source: str | None = None,
        config: dict[str, Any] | None = None,
    ) -> None:
        self.scheme = scheme or Scheme()
        self.load_findings: list[Finding] = list(load_findings or [])
        self.source = source
        self.config: dict[str, Any] = dict(config or {})
        #: The views built from this glossary, by name, each built once on first use
        #: (`graph.views.nx.nx_view`, `graph.views.skos.store_of`...).
        self.views: dict[str, Any] = {}
        self.terms: dict[str, Term] = {}
        with paused_gc():  # many long-lived objects: collections would only rescan them
            for term in terms:
                term.id = _unique_id(term.id or slugify(term.label), self.terms)
                self.terms[term.id] = term
            self._index = NameIndex(self.terms.values(), self.iri)
            resolution = resolve_references(self.terms, self._index)
        self.links = resolution.links
        self.unresolved = resolution.unresolved
        self.ambiguous = resolution.ambiguous

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.lookup(key)[1] != []

    def __repr__(self) -> str:
        return f"<Glossary {len(self.terms)} terms, {len(self.links)} links from {self.source!r}>"

    def lookup(self, text: str) -> tuple[str | None, list[str]]:
        """Resolve `text` like a reference: (how it matched, matching term ids)."""
        return self._index.lookup(text)

    def names(self) -> dict[str, str]:
        """Each folded label, then each folded alias that is no label -> the label of the first
        term with it, in term order (the resolver's keys, not folded again).

        >>> Glossary([Term("Beta", aliases=["b", "ALPHA"]), Term("alpha", aliases=["B"])]).names()
        {'beta': 'Beta', 'alpha': 'alpha', 'b': 'Beta'}
        """
        terms, index = self.terms, self._index
        names = {key: terms[ids[0]].label for key, ids in index.labels.items()}
        for key, ids in index.aliases.items():
            names.setdefault(key, terms[ids[0]].label)
        return names

    def find(self, text: str) -> Term:
        """The term a label, alias or slug names.

        Raises
        ------
        UnknownTermError
            When nothing matches (the message suggests close labels) or
            several terms match.
        """
        from .errors import UnknownTermError

        _, ids = self.lookup(text)
        if len(ids) == 1:
            return self.terms[ids[0]]
        if ids:
            names = ", ".join(repr(self.terms[i].label) for i in ids)
            raise UnknownTermError(f"{text!r} matches several terms: {names}")
        close = self.suggest(text)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else None
        raise UnknownTermError(f"no term named {text!r}", hint=hint)

    def name_owners(self) -> dict[str, list[tuple[str, str, str]]]:
        """Folded name -> every (term id, name as written, "label" or "alias") it names.

        A name several terms share (an alias two terms claim, or one term's label
        and another's alias) names each of them.
        """
        names: dict[str, list[tuple[str, str, str]]] = {}
        for term in self:
            names.setdefault(fold(term.label), []).append((term.id, term.label, "label"))
        for term in self:
            for alias in term.aliases:
                owners = names.setdefault(fold(alias), [])
                if all(term.id != owner for owner, _, _ in owners):
                    owners.append((term.id, alias, "alias"))
        return names

    def suggest(self, text: str, limit: int = 3, cutoff: float = 75) -> list[str]:
        """Labels or aliases close to `text` (typo-tolerant, rapidfuzz), best first.

        One suggestion per term: its closest name, or its label when that name is
        shared with another term (the shared name would not say which is meant).

        >>> Glossary([Term("delta"), Term("gamma")]).suggest("delt")
        ['delta']
        """
        from rapidfuzz import fuzz, process

        names = self.name_owners()
        matches = process.extract(fold(text), list(names), scorer=fuzz.WRatio, limit=limit * 3,
                                  score_cutoff=cutoff)
        seen: dict[str, str] = {}  # term id -> the name suggested for it
        for key, _score, _ in matches:
            owners = names[key]
            for term_id, written, _field in owners:
                if term_id not in seen:
                    seen[term_id] = written if len(owners) == 1 else self.terms[term_id].label
        suggestions: list[str] = []
        for name in seen.values():
            if name not in suggestions:
                suggestions.append(name)
        return suggestions[:limit]

    def iri(self, term: Term | str) -> str:
        """The concept IRI of a term (or term id): its `iri` field if any (kept from SKOS)."""
        found = term if isinstance(term, Term) else self.terms.get(term)
        kept = found.extra.get("iri") if found is not None else None
        if isinstance(kept, str) and ABSOLUTE_IRI.match(kept):
            return kept
        term_id = term.id if isinstance(term, Term) else term
        return self.scheme.base_iri + term_id


def _unique_id(slug: str, taken: dict[str, Term]) -> str:
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"
