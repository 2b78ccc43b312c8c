"""The SKOS import's index of an RDF graph: subject -> predicate IRI -> objects.

Only the predicates the import reads are kept (not `gg:sourceFile` and the
like). Predicates are keyed by their IRI string (made once per distinct
predicate, not once per triple), so that looking a field up is a plain
string lookup. Objects stay Oxigraph nodes; lists whose order matters are
deduplicated and sorted once, lists only ever used as sets are left as parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from ..views.skos import DCTERMS, GG, MAPPINGS, NOTES, OWL, RDF, RDFS, SKOS

__all__ = ["TYPE", "TITLES", "Triples", "sort_key", "literals", "pick", "by_language", "local_name"]

TYPE = RDF + "type"
#: Where a scheme's title is looked for, in order.
TITLES = (DCTERMS + "title", SKOS + "prefLabel", RDFS + "label",
          "http://purl.org/dc/elements/1.1/title")
#: The predicates import reads; anything else is skipped while indexing (a reader of a new
#: property must add it here).
_WANTED = frozenset((
    TYPE, RDF + "value", OWL + "deprecated",
    *(GG + name for name in ("role", "partOfSpeech", "status", "nistRmfTag", "riskNote", "doExample",
                             "dontExample", "audience", "audienceName", "url", "extra",
                             "unresolvedBroader", "unresolvedNarrower", "unresolvedRelated")),
    *(SKOS + name for name in ("prefLabel", "altLabel", "hiddenLabel", "definition", "scopeNote",
                               "notation", "broader", "narrower", "related", "inScheme",
                               "topConceptOf", "hasTopConcept", "member", *NOTES, *MAPPINGS)),
    *(DCTERMS + name for name in ("title", "description", "modified", "license", "source")),
    *TITLES))
#: Predicates whose objects are only ever used as sets: neither sorted nor deduplicated.
_UNORDERED = frozenset((TYPE, *(SKOS + name for name in (
    "broader", "narrower", "related", "inScheme", "topConceptOf", "hasTopConcept", "member"))))
_NOTHING: dict = {}
_EMPTY: list = []


class Triples:
    """Subject -> predicate IRI -> objects, indexed once (deduplicated over graphs, sorted).

    Examples
    --------
    >>> s, p = ox.NamedNode("http://x/a"), ox.NamedNode(SKOS + "prefLabel")
    >>> quads = [ox.Quad(s, p, ox.Literal("b")), ox.Quad(s, p, ox.Literal("a"))]
    >>> [node.value for node in Triples(quads).objects(s, SKOS + "prefLabel")]
    ['a', 'b']
    """

    def __init__(self, quads: Iterable) -> None:
        table: dict[Any, dict[str, list]] = {}
        keys: dict[Any, str] = {}  # predicate node -> its IRI, or "" when not indexed
        several: list[tuple[dict, str]] = []  # lists that got a second value, to sort
        unordered = _UNORDERED
        props: dict[str, list] = _NOTHING
        last = None
        for quad in quads:  # indexing a quad is cheaper than unpacking it
            predicate = quad[1]
            key = keys.get(predicate)
            if key is None:
                key = keys[predicate] = _indexed(predicate.value)
            if not key:
                continue
            subject = quad[0]
            if subject != last:  # most syntaxes write a subject's triples together
                props = table.get(subject)
                if props is None:
                    props = table[subject] = {}
                last = subject
            found = props.get(key)
            if found is None:
                props[key] = [quad[2]]
            else:
                if len(found) == 1 and key not in unordered:
                    several.append((props, key))
                found.append(quad[2])
        for props, key in several:  # deduplicated and sorted once, in place
            props[key] = sorted(dict.fromkeys(props[key]), key=sort_key)
        self.table = table
        self._typed: dict[str, dict[Any, None]] | None = None

    def props(self, subject: Any) -> dict[str, list]:
        """Every indexed predicate IRI of `subject` -> its objects."""
        return self.table.get(subject, _NOTHING)

    def objects(self, subject: Any, predicate: str) -> list:
        return self.table.get(subject, _NOTHING).get(predicate, _EMPTY)

    def subjects_of_type(self, rdf_type: str) -> list:
        """The subjects typed `rdf_type`, sorted."""
        if self._typed is None:
            typed: dict[str, dict[Any, None]] = {}
            for subject, props in self.table.items():
                for node in props.get(TYPE, ()):
                    if type(node) is ox.NamedNode:
                        typed.setdefault(node.value, {})[subject] = None
            self._typed = typed
        return sorted(self._typed.get(rdf_type, ()), key=sort_key)

    def pairs(self, predicate: str) -> Iterable[tuple[Any, Any]]:
        for subject, props in self.table.items():
            for obj in props.get(predicate, ()):
                yield subject, obj


def _indexed(iri: str) -> str:
    """`iri` when the import reads that predicate, else ``""``."""
    return iri if iri in _WANTED else ""


def sort_key(node: Any) -> tuple[str, str, str]:
    """Node kind, value, language: a total order on the objects of one predicate."""
    kind = type(node)
    if kind is ox.Literal:
        return ("Literal", node.value, node.language or "")
    if kind is ox.NamedNode or kind is ox.BlankNode:
        return (kind.__name__, node.value, "")
    return (kind.__name__, node.value, getattr(node, "language", None) or "")


def _rank(literal: Any, lang: str) -> tuple[int, str, str]:
    """Preferred language first, then the same primary language, untagged, any."""
    tag = (literal.language or "").lower()
    if tag == lang:
        rank = 0
    elif tag and tag.split("-")[0] == lang.split("-")[0]:
        rank = 1
    else:
        rank = 2 if not tag else 3
    return (rank, tag, literal.value)


def literals(nodes: Iterable) -> list:
    """The literals among `nodes`, in order."""
    return [node for node in nodes if type(node) is ox.Literal]


def pick(nodes: Iterable, lang: str) -> Any:
    """The literal best matching `lang` (see `_rank`), or None when there is no literal."""
    found = literals(nodes)
    if len(found) == 1:
        return found[0]
    return min(found, key=lambda lit: _rank(lit, lang)) if found else None


def by_language(nodes: Iterable, skip: Any = None) -> dict[str, list[str]]:
    """Literal values grouped by language tag (``""`` when untagged), leaving out `skip`."""
    grouped: dict[str, list[str]] = {}
    for node in nodes:
        if type(node) is ox.Literal and node != skip:
            grouped.setdefault(node.language or "", []).append(node.value)
    return grouped


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``/``, ``#`` or ``:``)."""
    return re.split(r"[/#:]", iri.rstrip("/#"))[-1] or iri
