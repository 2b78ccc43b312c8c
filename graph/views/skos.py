"""The RDF/SKOS view: the glossary as SKOS triples in an embedded Oxigraph store.

Triples are streamed into `pyoxigraph.Store.bulk_extend` (much faster and
leaner than adding through rdflib); `rdflib_graph` wraps the same store in an
rdflib `Graph` (oxrdflib) for users of the rdflib API. The mapping is
documented in the README ("SKOS mapping") and inverted by `graph.sources.skos`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

    from ..model import Glossary, Term

__all__ = [
    "SKOS",
    "DCTERMS",
    "GG",
    "RDF",
    "RDFS",
    "XSD",
    "OWL",
    "PREFIXES",
    "glossary_triples",
    "build_store",
    "rdflib_graph",
    "category_iri",
]

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
#: The glossgraph namespace for what SKOS has no property for.
GG = "https://w3id.org/glossgraph/ns#"
PREFIXES = {"skos": SKOS, "dcterms": DCTERMS, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL,
            "gg": GG}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HTTP = re.compile(r"^https?://\S+$", re.IGNORECASE)
_UNRESOLVED = {"broader": "unresolvedBroader", "narrower": "unresolvedNarrower",
               "related": "unresolvedRelated"}


def _n(namespace: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(namespace + name)


A = _n(RDF, "type")
_P = {
    name: _n(SKOS, name)
    for name in ("prefLabel", "altLabel", "definition", "scopeNote", "broader", "narrower",
                 "related", "inScheme", "topConceptOf", "hasTopConcept", "member")
}
_DATE_TYPE = _n(XSD, "date")
_JSON_TYPE = _n(RDF, "JSON")


def category_iri(base_iri: str, category: str) -> str:
    """The IRI of the skos:Collection for a category."""
    from ..model import slugify

    return f"{base_iri}category/{slugify(category)}"


def glossary_triples(glossary: Glossary) -> Iterator[ox.Triple]:
    """Yield the SKOS triples of a glossary, term by term (deterministic order)."""
    scheme = ox.NamedNode(glossary.scheme.iri)
    lang = glossary.scheme.language or None
    yield ox.Triple(scheme, A, _n(SKOS, "ConceptScheme"))
    yield ox.Triple(scheme, _n(DCTERMS, "title"), ox.Literal(glossary.scheme.title, language=lang))
    concepts = {term.id: ox.NamedNode(glossary.iri(term.id)) for term in glossary}
    with_broader = {link.source for link in glossary.links if link.relation == "broader"}
    with_broader |= {link.target for link in glossary.links if link.relation == "narrower"}
    for term in glossary:
        concept = concepts[term.id]
        yield from _term_triples(term, concept, scheme, lang)
        if term.id not in with_broader:
            yield ox.Triple(concept, _P["topConceptOf"], scheme)
            yield ox.Triple(scheme, _P["hasTopConcept"], concept)
    for link in glossary.links:
        yield ox.Triple(concepts[link.source], _P[link.relation], concepts[link.target])
    yield from _unresolved_triples(glossary, concepts)
    yield from _collection_triples(glossary, concepts, lang)


def _term_triples(term: Term, concept: ox.NamedNode, scheme: ox.NamedNode, lang: str | None):
    def text(value: str) -> ox.Literal:
        return ox.Literal(value, language=lang)

    yield ox.Triple(concept, A, _n(SKOS, "Concept"))
    yield ox.Triple(concept, _P["inScheme"], scheme)
    yield ox.Triple(concept, _P["prefLabel"], text(term.label))
    for alias in term.aliases:
        yield ox.Triple(concept, _P["altLabel"], text(alias))
    if term.short_def:
        yield ox.Triple(concept, _P["definition"], text(term.short_def))
    if term.long_def:
        yield ox.Triple(concept, _P["scopeNote"], text(term.long_def))
    yield from _lifecycle_triples(term, concept)
    for value, name in _plain_values(term):
        yield ox.Triple(concept, _n(GG, name), ox.Literal(value))
    for value, name in _text_values(term):
        yield ox.Triple(concept, _n(GG, name), text(value))
    yield from _citation_triples(term, concept)
    yield from _audience_triples(term, concept, text)
    if term.file:
        yield ox.Triple(concept, _n(GG, "sourceFile"), ox.Literal(term.file))
        if term.position and term.position.line:
            yield ox.Triple(concept, _n(GG, "sourceLine"), ox.Literal(term.position.line))
    extra = _extra(term)
    if extra:
        yield ox.Triple(concept, _n(GG, "extra"), ox.Literal(extra, datatype=_JSON_TYPE))


def _lifecycle_triples(term: Term, concept: ox.NamedNode) -> Iterator[ox.Triple]:
    if term.last_reviewed:
        datatype = _DATE_TYPE if _DATE.match(term.last_reviewed) else None
        yield ox.Triple(concept, _n(DCTERMS, "modified"),
                        ox.Literal(term.last_reviewed, datatype=datatype))
    if term.license:
        yield ox.Triple(concept, _n(DCTERMS, "license"), ox.Literal(term.license))
    if term.status:
        yield ox.Triple(concept, _n(GG, "status"), ox.Literal(term.status))
        if term.is_deprecated:
            yield ox.Triple(concept, _n(OWL, "deprecated"), ox.Literal(True))


def _plain_values(term: Term) -> Iterator[tuple[str, str]]:
    for role in term.roles:
        yield role, "role"
    if term.part_of_speech:
        yield term.part_of_speech, "partOfSpeech"
    for tag in term.nist_rmf_tags:
        yield tag, "nistRmfTag"


def _text_values(term: Term) -> Iterator[tuple[str, str]]:
    for name, key in (("doExample", "do"), ("dontExample", "dont")):
        items = term.examples.get(key)
        for item in items if isinstance(items, list) else []:
            yield str(item), name
    notes = term.governance.get("risk_notes")
    if isinstance(notes, str) and notes:
        yield notes, "riskNote"


def _citation_triples(term: Term, concept: ox.NamedNode) -> Iterator[ox.Triple]:
    for number, citation in enumerate(term.citations, start=1):
        node = ox.BlankNode(f"{term.id}-source-{number}")
        yield ox.Triple(concept, _n(DCTERMS, "source"), node)
        if citation.get("source") is not None:
            yield ox.Triple(node, _n(DCTERMS, "title"), ox.Literal(str(citation["source"])))
        url = citation.get("url")
        if url is not None:
            url = str(url)
            target = ox.NamedNode(url) if _HTTP.match(url) and _valid_iri(url) else ox.Literal(url)
            yield ox.Triple(node, _n(GG, "url"), target)


def _audience_triples(term: Term, concept: ox.NamedNode, text) -> Iterator[ox.Triple]:
    for audience, value in sorted(term.audiences.items()):
        if not isinstance(value, str):
            continue
        node = ox.BlankNode(f"{term.id}-audience-{_blank_safe(audience)}")
        yield ox.Triple(concept, _n(GG, "audience"), node)
        yield ox.Triple(node, _n(GG, "audienceName"), ox.Literal(audience))
        yield ox.Triple(node, _n(RDF, "value"), text(value))


def _blank_safe(text: str) -> str:
    from ..model import slugify

    return slugify(text)


def _extra(term: Term) -> str | None:
    """Unknown fields, and the parts of known mappings SKOS has no place for, as JSON."""
    extra: dict[str, Any] = {k: v for k, v in term.extra.items() if k != "iri"}  # the concept IRI
    governance = {k: v for k, v in term.governance.items() if k not in ("nist_rmf_tags", "risk_notes")}
    if governance:
        extra["governance"] = governance
    examples = {k: v for k, v in term.examples.items() if k not in ("do", "dont")}
    if examples:
        extra["examples"] = examples
    audiences = {k: v for k, v in term.audiences.items() if not isinstance(v, str)}
    if audiences:
        extra["audiences"] = audiences
    if not extra:
        return None
    return json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str)


def _unresolved_triples(glossary: Glossary, concepts: dict[str, ox.NamedNode]):
    generic = _n(GG, "unresolvedReference")
    for item in glossary.unresolved:
        ref = item.reference
        yield ox.Triple(concepts[item.source], generic, ox.Literal(ref.text))
        yield ox.Triple(concepts[item.source], _n(GG, _UNRESOLVED[ref.relation]), ox.Literal(ref.text))
    for item in glossary.ambiguous:
        ref = item.reference
        yield ox.Triple(concepts[item.source], _n(GG, "ambiguousReference"), ox.Literal(ref.text))
        yield ox.Triple(concepts[item.source], _n(GG, _UNRESOLVED[ref.relation]), ox.Literal(ref.text))


def _collection_triples(glossary: Glossary, concepts: dict[str, ox.NamedNode], lang: str | None):
    members: dict[str, list[str]] = {}
    for term in glossary:
        for category in term.categories:
            members.setdefault(category, []).append(term.id)
    for category in sorted(members):
        collection = ox.NamedNode(category_iri(glossary.scheme.base_iri, category))
        yield ox.Triple(collection, A, _n(SKOS, "Collection"))
        yield ox.Triple(collection, _P["prefLabel"], ox.Literal(category, language=lang))
        for term_id in members[category]:
            yield ox.Triple(collection, _P["member"], concepts[term_id])


def _valid_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def build_store(glossary: Glossary) -> ox.Store:
    """A new in-memory Oxigraph store holding the glossary's SKOS triples (default graph)."""
    store = ox.Store()
    default = ox.DefaultGraph()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, default)
                      for t in glossary_triples(glossary))
    return store


def rdflib_graph(store: ox.Store) -> rdflib.Graph:
    """An rdflib Graph over the default graph of an Oxigraph store (no copy)."""
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graph = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
