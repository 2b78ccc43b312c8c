"""The RDF/SKOS view: the glossary as SKOS triples in an embedded Oxigraph store.

Triples are made as plain tuples of Oxigraph nodes, each distinct IRI and
literal created once, and loaded into a `pyoxigraph.Store` in one call
(much faster and leaner than adding through rdflib); `rdflib_graph` wraps the
same store in an rdflib `Graph` (oxrdflib) for users of the rdflib API. The
mapping is documented in the README ("The SKOS mapping") and inverted by
`graph.sources.skos`: the extra fields that import keeps (``language``,
``labels``, ``hidden_labels``, ``notation``, ``scheme``, ``collections``...)
are written back as the SKOS they came from.
"""


from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..fileio import readable_text
from ..gcpause import paused_gc
from .rdf_extra import extra_rdf
from .skos_fields import SkosFields, extra_json
from .skos_vocab import (
    COLLECTION,
    CONCEPT,
    DATE,
    DATE_TIME,
    DATE_TIME_TYPE,
    DATE_TYPE,
    DCTERMS,
    DEPRECATED,
    GG,
    HTTP,
    IRI,
    JSON_TYPE,
    MAPPINGS,
    NOTES,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SCHEME,
    SKOS,
    TRUE,
    UNRESOLVED,
    VALUE,
    XSD,
    A,
    D,
    G,
    P,
    Q,
    category_iri,
    valid_iri,
)

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
    "NOTES",
    "MAPPINGS",
    "glossary_triples",
    "glossary_quads",
    "build_store",
    "store_of",
    "rdflib_graph_of",
    "rdflib_graph",
    "category_iri",
    "extra_rdf",
]


class _Nodes:
    """Each distinct IRI and literal as one Oxigraph node (creating nodes is the slow part)."""

    def __init__(self, source: str | None = None) -> None:
        self.iris: dict[str, ox.NamedNode] = {}
        self.literals: dict[tuple[str, str | None], ox.Literal] = {}
        self.slugs: dict[str, str] = {}
        self._root, self._prefix = _data_root(source)

    def source_file(self, file: str) -> str:
        """A term's file relative to the data root (the same bytes wherever the command runs)."""
        if self._prefix and file.startswith(self._prefix):
            relative = file[len(self._prefix):]
        elif self._root is not None:
            relative = os.path.relpath(os.path.abspath(file), self._root)
        else:
            relative = file
        return readable_text(relative.replace(os.sep, "/"))

    def iri(self, text: str) -> ox.NamedNode:
        node = self.iris.get(text)
        if node is None:
            node = self.iris[text] = ox.NamedNode(text)
        return node

    def text(self, value: str, lang: str | None) -> ox.Literal:
        key = (value, lang)
        node = self.literals.get(key)
        if node is None:
            node = self.literals[key] = ox.Literal(value, language=lang or None)
        return node


def _data_root(source: str | None) -> tuple[str | None, str]:
    """The folder term files are shown relative to, and that folder as a display prefix.

    Term files are displayed relative to the working directory, like `source`
    (`graph.sources`); the prefix strips the root from them without a path
    computation per term.
    """
    if not source:
        return None, ""
    root = os.path.abspath(source)
    if not os.path.isdir(root):
        root = os.path.dirname(root)
    try:
        shown = os.path.relpath(root)
    except ValueError:  # pragma: no cover - other drive on Windows
        shown = root
    return root, ("" if shown == "." else os.path.join(shown, ""))


def glossary_triples(glossary: Glossary) -> Iterator[ox.Triple]:
    """Yield the SKOS triples of a glossary, term by term (deterministic order)."""
    for quad in glossary_quads(glossary):
        yield quad.triple


def glossary_quads(glossary: Glossary) -> Iterator[ox.Quad]:
    """The SKOS triples as default-graph quads (what the store and `ox.serialize` take).

    Every distinct IRI and literal is one Oxigraph node, made once; quads come
    in lists, one per term, chained in C (no Python step per quad).
    """
    return chain.from_iterable(_quad_lists(glossary))


def _quad_lists(glossary: Glossary) -> Iterator[list[ox.Quad]]:
    nodes = _Nodes(glossary.source)
    lang = glossary.scheme.language or None
    fields = {term.id: SkosFields(term, lang) for term in glossary}
    base = glossary.scheme.base_iri
    concepts = {term.id: nodes.iri(glossary.iri(term) if "iri" in term.extra else base + term.id)
                for term in glossary}
    main = nodes.iri(glossary.scheme.iri)
    yield list(_scheme_tuples(glossary, fields, nodes, lang))
    with_broader = {link.source for link in glossary.links if link.relation == "broader"}
    with_broader |= {link.target for link in glossary.links if link.relation == "narrower"}
    for term in glossary:
        concept, skos = concepts[term.id], fields[term.id]
        out = _term_tuples(term, concept, skos, main, nodes)
        if skos.top_of is not None or skos.schemes is not None:
            out += [Q(concept, P["topConceptOf"], nodes.iri(iri)) for iri in skos.top_of or ()]
            top_in = skos.top_in if skos.top_in is not None else skos.top_of or ()
            out += [Q(nodes.iri(iri), P["hasTopConcept"], concept) for iri in top_in]
        elif term.id not in with_broader:
            out.append(Q(concept, P["topConceptOf"], main))
            out.append(Q(main, P["hasTopConcept"], concept))
        yield out
    yield [Q(concepts[link.source], P[link.relation], concepts[link.target])
           for link in glossary.links]
    yield list(_unresolved_tuples(glossary, concepts, nodes))
    yield list(_collection_tuples(glossary, fields, concepts, nodes, lang))
    yield extra_rdf(glossary)


def _scheme_tuples(glossary: Glossary, fields: dict[str, SkosFields], nodes: _Nodes,
                   lang: str | None) -> Iterator[tuple]:
    """Every scheme a term names (the glossary's own when a term names none), typed; the title."""
    used: set[str] = set()
    for skos in fields.values():
        if skos.schemes is None:
            used.add(glossary.scheme.iri)
        for iris in (skos.schemes, skos.top_of, skos.top_in):
            used.update(iris or ())
    if not fields:
        used.add(glossary.scheme.iri)
    titled = glossary.scheme.iri if glossary.scheme.iri in used or len(used) != 1 else min(used)
    for iri in sorted(used, key=lambda i: (i != glossary.scheme.iri, i)):
        yield Q(nodes.iri(iri), A, SCHEME)
        if iri == titled:
            yield Q(nodes.iri(iri), D["title"], nodes.text(glossary.scheme.title, lang))


def _term_tuples(term: Term, concept: ox.NamedNode, skos: SkosFields, main: ox.NamedNode,
                 nodes: _Nodes) -> list[tuple]:
    lang = skos.lang
    out: list[ox.Quad] = [Q(concept, A, CONCEPT)]
    if skos.schemes is None:
        out.append(Q(concept, P["inScheme"], main))
    else:
        out += [Q(concept, P["inScheme"], nodes.iri(iri)) for iri in skos.schemes]
    if skos.label_source is None:
        out.append(Q(concept, P["prefLabel"], nodes.text(term.label, lang)))
    _add_lang_map(out, concept, "prefLabel", skos.maps["labels"], nodes)
    hidden = set(skos.hidden)
    out += [Q(concept, P["altLabel"], nodes.text(alias, lang))
            for alias in term.aliases if alias not in hidden]
    out += [Q(concept, P["hiddenLabel"], nodes.text(text, lang)) for text in skos.hidden]
    _add_lang_map(out, concept, "altLabel", skos.maps["alt_labels"], nodes)
    _add_lang_map(out, concept, "hiddenLabel", skos.maps["other_hidden_labels"], nodes)
    if term.short_def:
        out.append(Q(concept, P["definition"], nodes.text(term.short_def, lang)))
    _add_lang_map(out, concept, "definition", skos.maps["definitions"], nodes)
    if term.long_def:
        out.append(Q(concept, P["scopeNote"], nodes.text(term.long_def, lang)))
    _add_lang_map(out, concept, "scopeNote", skos.maps["scope_notes"], nodes)
    out += [Q(concept, D["description"], nodes.text(text, lang)) for text in skos.description]
    out += [Q(concept, P["notation"], nodes.text(text, None)) for text in skos.notation]
    out += [Q(concept, P[name], nodes.text(text, lang)) for name, text in skos.notes]
    out += [Q(concept, P[name], nodes.iri(iri)) for name, iri in skos.mappings]
    _add_lifecycle(out, term, concept, nodes)
    _add_ai_glossary(out, term, concept, nodes, lang)
    extra = extra_json(term, skos.used)
    if extra:
        out.append(Q(concept, G["extra"], ox.Literal(extra, datatype=JSON_TYPE)))
    return out


def _add_lang_map(out: list, concept: ox.NamedNode, name: str, pairs: list[tuple[str, str]],
                  nodes: _Nodes) -> None:
    predicate = P[name]
    out += [Q(concept, predicate, nodes.text(text, lang)) for lang, text in pairs]


def _add_lifecycle(out: list, term: Term, concept: ox.NamedNode, nodes: _Nodes) -> None:
    if term.last_reviewed:
        datatype = (DATE_TYPE if DATE.match(term.last_reviewed)
                    else DATE_TIME_TYPE if DATE_TIME.match(term.last_reviewed) else None)
        out.append(Q(concept, D["modified"], ox.Literal(term.last_reviewed, datatype=datatype)))
    if term.license:
        out.append(Q(concept, D["license"], nodes.text(term.license, None)))
    if term.status:
        out.append(Q(concept, G["status"], nodes.text(term.status, None)))
        if term.is_deprecated:
            out.append(Q(concept, DEPRECATED, TRUE))


def _add_ai_glossary(out: list, term: Term, concept: ox.NamedNode, nodes: _Nodes,
                     lang: str | None) -> None:
    """Roles, part of speech, governance, examples, citations, audiences, source position."""
    out += [Q(concept, G["role"], nodes.text(role, None)) for role in term.roles]
    if term.part_of_speech:
        out.append(Q(concept, G["partOfSpeech"], nodes.text(term.part_of_speech, None)))
    out += [Q(concept, G["nistRmfTag"], nodes.text(tag, None)) for tag in _tags(term)]
    for name, key in (("doExample", "do"), ("dontExample", "dont")):
        items = term.examples.get(key)
        for item in items if isinstance(items, list) else []:
            out.append(Q(concept, G[name], nodes.text(str(item), lang)))
    notes = term.governance.get("risk_notes")
    if isinstance(notes, str) and notes:
        out.append(Q(concept, G["riskNote"], nodes.text(notes, lang)))
    _add_citations(out, term, concept, nodes)
    _add_audiences(out, term, concept, nodes, lang)
    if term.file:
        out.append(Q(concept, G["sourceFile"], nodes.text(nodes.source_file(term.file), None)))
        if term.position and term.position.line:
            out.append(Q(concept, G["sourceLine"], ox.Literal(term.position.line)))


def _tags(term: Term) -> list[str]:
    tags = term.governance.get("nist_rmf_tags") if term.governance else None
    return [str(tag) for tag in tags] if isinstance(tags, list) else []


def _add_citations(out: list, term: Term, concept: ox.NamedNode, nodes: _Nodes) -> None:
    for number, citation in enumerate(term.citations, start=1):
        node = ox.BlankNode(f"{term.id}-source-{number}")
        out.append(Q(concept, D["source"], node))
        if citation.get("source") is not None:
            out.append(Q(node, D["title"], nodes.text(str(citation["source"]), None)))
        url = citation.get("url")
        if url is not None:
            url = str(url)
            target = nodes.iri(url) if HTTP.match(url) and valid_iri(url) else ox.Literal(url)
            out.append(Q(node, G["url"], target))


def _add_audiences(out: list, term: Term, concept: ox.NamedNode, nodes: _Nodes,
                   lang: str | None) -> None:
    from ..model import slugify

    for audience, value in sorted(term.audiences.items()):
        if not isinstance(value, str):
            continue
        slug = nodes.slugs.get(audience)
        if slug is None:
            slug = nodes.slugs[audience] = slugify(audience)
        node = ox.BlankNode(f"{term.id}-audience-{slug}")
        out.append(Q(concept, G["audience"], node))
        out.append(Q(node, G["audienceName"], nodes.text(audience, None)))
        out.append(Q(node, VALUE, nodes.text(value, lang)))


def _unresolved_tuples(glossary: Glossary, concepts: dict[str, ox.NamedNode], nodes: _Nodes):
    """Unresolved references: an IRI stays a SKOS link to it; other text a `gg:` literal."""
    for item in glossary.unresolved:
        ref, concept = item.reference, concepts[item.source]
        yield Q(concept, G["unresolvedReference"], nodes.text(ref.text, None))
        if IRI.match(ref.text) and valid_iri(ref.text):
            yield Q(concept, P[ref.relation], nodes.iri(ref.text))
        else:
            yield Q(concept, G[UNRESOLVED[ref.relation]], nodes.text(ref.text, None))
    for item in glossary.ambiguous:
        ref, concept = item.reference, concepts[item.source]
        yield Q(concept, G["ambiguousReference"], nodes.text(ref.text, None))
        yield Q(concept, G[UNRESOLVED[ref.relation]], nodes.text(ref.text, None))


def _collection_tuples(glossary: Glossary, fields: dict[str, SkosFields],
                       concepts: dict[str, ox.NamedNode], nodes: _Nodes, lang: str | None):
    """One skos:Collection per category (its IRI kept in `collections`, else base + slug)."""
    members: dict[tuple[str, str], list[str]] = {}
    base = glossary.scheme.base_iri
    for term in glossary:
        kept = fields[term.id].collections
        for category in term.categories:
            iri = kept.get(category) or category_iri(base, category)
            members.setdefault((category, iri), []).append(term.id)
    for category, iri in sorted(members):
        collection = nodes.iri(iri)
        yield Q(collection, A, COLLECTION)
        yield Q(collection, P["prefLabel"], nodes.text(category, lang))
        for term_id in members[(category, iri)]:
            yield Q(collection, P["member"], concepts[term_id])


def store_of(glossary: Glossary) -> ox.Store:
    """The glossary's Oxigraph store, built on first use and kept in `glossary.views`."""
    store = glossary.views.get("store")
    if store is None:
        store = glossary.views["store"] = build_store(glossary)
    return store


def rdflib_graph_of(glossary: Glossary) -> rdflib.Graph:
    """An rdflib Graph over the glossary's store (oxrdflib), made on first use and kept."""
    graph = glossary.views.get("rdf")
    if graph is None:
        graph = glossary.views["rdf"] = rdflib_graph(store_of(glossary))
    return graph


def build_store(glossary: Glossary) -> ox.Store:
    """A new in-memory Oxigraph store holding the glossary's SKOS triples (default graph)."""
    store = ox.Store()
    with paused_gc():
        quads = list(glossary_quads(glossary))
    store.extend(quads)
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
