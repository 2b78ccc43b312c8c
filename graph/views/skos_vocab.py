"""The SKOS vocabulary the RDF view writes: namespaces, properties and classes as Oxigraph nodes.

Each node is made once here (creating nodes is the slow part of building
the store). `graph.sources.skos` reads the same names back.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

__all__ = [
    "SKOS",
    "DCTERMS",
    "GG",
    "RDF",
    "RDFS",
    "XSD",
    "OWL",
    "PREFIXES",
    "NOTES",
    "MAPPINGS",
    "category_iri",
    "valid_iri",
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
#: The SKOS notes kept in the extra field ``notes`` ({note property: [texts]}).
NOTES = ("note", "changeNote", "editorialNote", "historyNote", "example")
#: The SKOS mapping properties, kept in the extra field ``mappings`` ({property: [IRIs]}) and
#: written back as links to those IRIs.
MAPPINGS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
HTTP = re.compile(r"^https?://\S+$", re.IGNORECASE)
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
UNRESOLVED = {"broader": "unresolvedBroader", "narrower": "unresolvedNarrower",
               "related": "unresolvedRelated"}


def _n(namespace: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(namespace + name)


A = _n(RDF, "type")
P = {
    name: _n(SKOS, name)
    for name in ("prefLabel", "altLabel", "hiddenLabel", "definition", "scopeNote", "notation",
                 "broader", "narrower", "related", "inScheme", "topConceptOf", "hasTopConcept",
                 "member", *NOTES, *MAPPINGS)
}
G = {
    name: _n(GG, name)
    for name in ("role", "partOfSpeech", "nistRmfTag", "doExample", "dontExample", "riskNote",
                 "status", "audience", "audienceName", "url", "sourceFile", "sourceLine", "extra",
                 "unresolvedReference", "ambiguousReference", *UNRESOLVED.values())
}
D = {name: _n(DCTERMS, name)
      for name in ("title", "modified", "license", "source", "description")}
CONCEPT, SCHEME, COLLECTION = (_n(SKOS, n) for n in ("Concept", "ConceptScheme", "Collection"))
DEPRECATED = _n(OWL, "deprecated")
VALUE = _n(RDF, "value")
DATE_TYPE = _n(XSD, "date")
DATE_TIME_TYPE = _n(XSD, "dateTime")
JSON_TYPE = _n(RDF, "JSON")
TRUE = ox.Literal(True)
Q = ox.Quad


def category_iri(base_iri: str, category: str) -> str:
    """The IRI of the skos:Collection for a category."""
    from ..model import slugify

    return f"{base_iri}category/{slugify(category)}"


def valid_iri(text: str) -> bool:
    """Whether Oxigraph takes `text` as an IRI.

    >>> valid_iri("https://example.org/a"), valid_iri("not an iri")
    (True, False)
    """
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True
