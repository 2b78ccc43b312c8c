"""The `rdf_extra` triples: what `import` read but the YAML cannot hold, written again on export.

`import` keeps them in ``rdf-extra.nt`` (scheme and collection metadata,
blank-node notes, older `dcterms:modified` values, other properties), and
marks each concept they describe with its ``<concept> rdf:type skos:Concept``
triple. A concept deleted from the YAML since then takes its lines with it on
export: the triples whose subject it is, and the blank nodes reachable only
from them. The markers themselves are never written (the SKOS view types
every concept that still exists).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["CONCEPT_MARKER", "extra_rdf", "without_deleted_concepts"]

_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_CONCEPT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
#: (predicate, object) of the triple that marks a subject of ``rdf-extra.nt`` as a concept.
CONCEPT_MARKER = (_TYPE, _CONCEPT)


def extra_rdf(glossary: Glossary) -> list[ox.Quad]:
    """The triples of the configured `rdf_extra` N-Triples file, less those of deleted concepts.

    Nothing when the setting is absent or the file is missing.
    """
    path = glossary.config.get("rdf_extra")
    if not path or not os.path.isfile(path):
        return []
    with open(path, "rb") as handle:
        triples = [q.triple for q in ox.parse(handle.read(), format=ox.RdfFormat.N_TRIPLES)]
    concepts = {glossary.iri(term) for term in glossary}
    return [ox.Quad(*triple) for triple in without_deleted_concepts(triples, concepts)]


def without_deleted_concepts(triples: Iterable[ox.Triple], concepts: set[str]) -> list[ox.Triple]:
    """`triples` without the markers, and without what describes a marked concept that is not
    in `concepts` (IRIs): its triples, and the blank nodes reachable only from them.

    Examples
    --------
    >>> a, b, p = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b"), ox.NamedNode("http://x/p")
    >>> note = ox.BlankNode("n")
    >>> triples = [ox.Triple(a, *CONCEPT_MARKER), ox.Triple(a, p, note), ox.Triple(note, p, ox.Literal("x")),
    ...            ox.Triple(b, *CONCEPT_MARKER), ox.Triple(b, p, ox.Literal("y"))]
    >>> [str(t.subject) for t in without_deleted_concepts(triples, {"http://x/b"})]
    ['<http://x/b>']
    """
    triples = list(triples)
    marked = {t.subject for t in triples if (t.predicate, t.object) == CONCEPT_MARKER}
    deleted = {node for node in marked if type(node) is ox.NamedNode and node.value not in concepts}
    kept = [t for t in triples if (t.predicate, t.object) != CONCEPT_MARKER]
    if not deleted:
        return kept
    objects: dict[ox.Node, list] = {}
    for triple in kept:
        objects.setdefault(triple.subject, []).append(triple.object)
    referenced = {t.object for t in kept if type(t.object) is ox.BlankNode}
    roots = [node for node in objects if node not in deleted
             and (type(node) is not ox.BlankNode or node not in referenced)]
    alive = _blank_reach(roots, objects)
    gone = _blank_reach(deleted, objects) - alive
    return [t for t in kept if t.subject not in deleted and t.subject not in gone]


def _blank_reach(starts: Iterable, objects: dict) -> set:
    """The blank nodes reachable from `starts` through objects (the starts' own blank ones too)."""
    seen: set = set()
    stack = [node for node in starts]
    while stack:
        node = stack.pop()
        for obj in objects.get(node, ()):
            if type(obj) is ox.BlankNode and obj not in seen:
                seen.add(obj)
                stack.append(obj)
    return seen | {node for node in starts if type(node) is ox.BlankNode}
