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

import json
import math
import os
import re
from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..fileio import readable_text
from ..gcpause import paused_gc
from .rdf_extra import extra_rdf

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
    "json_default",
    "extra_rdf",
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

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_HTTP = re.compile(r"^https?://\S+$", re.IGNORECASE)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_UNRESOLVED = {"broader": "unresolvedBroader", "narrower": "unresolvedNarrower",
               "related": "unresolvedRelated"}


def _n(namespace: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(namespace + name)


A = _n(RDF, "type")
_P = {
    name: _n(SKOS, name)
    for name in ("prefLabel", "altLabel", "hiddenLabel", "definition", "scopeNote", "notation",
                 "broader", "narrower", "related", "inScheme", "topConceptOf", "hasTopConcept",
                 "member", *NOTES, *MAPPINGS)
}
_G = {
    name: _n(GG, name)
    for name in ("role", "partOfSpeech", "nistRmfTag", "doExample", "dontExample", "riskNote",
                 "status", "audience", "audienceName", "url", "sourceFile", "sourceLine", "extra",
                 "unresolvedReference", "ambiguousReference", *_UNRESOLVED.values())
}
_D = {name: _n(DCTERMS, name)
      for name in ("title", "modified", "license", "source", "description")}
_CONCEPT, _SCHEME, _COLLECTION = (_n(SKOS, n) for n in ("Concept", "ConceptScheme", "Collection"))
_DEPRECATED = _n(OWL, "deprecated")
_VALUE = _n(RDF, "value")
_DATE_TYPE = _n(XSD, "date")
_DATE_TIME_TYPE = _n(XSD, "dateTime")
_JSON_TYPE = _n(RDF, "JSON")
_TRUE = ox.Literal(True)
_Q = ox.Quad
#: Extra fields written back as SKOS (left out of `gg:extra` when they have the expected shape).
_LANG_MAPS = {"labels": "prefLabel", "alt_labels": "altLabel", "other_hidden_labels": "hiddenLabel",
              "definitions": "definition", "scope_notes": "scopeNote"}
_NO_MAPS: dict[str, list] = {key: [] for key in _LANG_MAPS}


def category_iri(base_iri: str, category: str) -> str:
    """The IRI of the skos:Collection for a category."""
    from ..model import slugify

    return f"{base_iri}category/{slugify(category)}"


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


def _strings(value: Any) -> list[str] | None:
    """`value` as a list of strings (one string is a list of one), else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def _lang_map(value: Any) -> list[tuple[str, str]] | None:
    """{language: text or [texts]} as sorted (language, text) pairs, else None."""
    if not isinstance(value, dict):
        return None
    pairs = []
    for lang in sorted(value, key=str):
        texts = _strings(value[lang])
        if not isinstance(lang, str) or texts is None:
            return None
        pairs += [(lang, text) for text in texts]
    return pairs


def _iri_list(value: Any) -> list[str] | None:
    items = _strings(value)
    if items is None or not all(_IRI.match(item) for item in items):
        return None
    return sorted(set(items))


def _notes(value: Any) -> list[tuple[str, str]] | None:
    if not isinstance(value, dict) or not all(name in NOTES for name in value):
        return None
    pairs = _lang_map(value)
    return pairs


class _SkosFields:
    """The SKOS-shaped extra fields of one term, validated (a misshapen one stays in gg:extra)."""

    def __init__(self, term: Term, default_lang: str | None) -> None:
        self._extra = extra = term.extra
        if not extra:  # the common case: nothing to look at
            self.used, self.lang, self.maps = set(), default_lang, _NO_MAPS
            self.hidden = self.notation = self.description = self.notes = []
            self.schemes = self.top_of = self.top_in = None
            self.collections = {}
            self.label_source = None
            self.mappings = []
            return
        self.used: set[str] = {"iri"}
        language = self._extra.get("language")
        self.lang = language if isinstance(language, str) else default_lang
        if isinstance(language, str):
            self.used.add("language")
        self.maps = {key: self._take(key, _lang_map) or [] for key in _LANG_MAPS}
        self.hidden = self._take("hidden_labels", _strings) or []
        self.notation = self._take("notation", _strings) or []
        self.description = self._take("description", _strings) or []
        self.notes = self._take("notes", _notes) or []
        self.schemes = self._take("scheme", _iri_list)
        self.top_of = self._take("top_concept_of", _iri_list)
        self.top_in = self._take("has_top_concept", _iri_list)
        self.collections: dict[str, str] = self._take("collections", _collections) or {}
        #: Set when the label is a display name (no prefLabel): then none is written.
        self.label_source = self._take("label_source", _label_source)
        self.mappings: list[tuple[str, str]] = self._take("mappings", _mappings) or []

    def _take(self, key: str, parse) -> Any:
        if key not in self._extra:
            return None
        value = parse(self._extra[key])
        if value is not None:
            self.used.add(key)
        return value


#: Where the name of a concept without prefLabel came from (see `graph.sources.skos`).
LABEL_SOURCES = ("rdfs:label", "notation", "iri")


def _mappings(value: Any) -> list[tuple[str, str]] | None:
    """{mapping property: [IRIs]} as sorted (property, IRI) pairs, else None."""
    if not isinstance(value, dict) or not all(name in MAPPINGS for name in value):
        return None
    pairs = []
    for name in sorted(value):
        iris = _iri_list(value[name])
        if iris is None or not all(_valid_iri(iri) for iri in iris):
            return None
        pairs += [(name, iri) for iri in iris]
    return pairs


def _label_source(value: Any) -> str | None:
    return value if value in LABEL_SOURCES else None


def _collections(value: Any) -> dict[str, str] | None:
    """{category: collection IRI}, else None."""
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and _IRI.match(v) for k, v in value.items()):
        return None
    return value


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
    fields = {term.id: _SkosFields(term, lang) for term in glossary}
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
            out += [_Q(concept, _P["topConceptOf"], nodes.iri(iri)) for iri in skos.top_of or ()]
            top_in = skos.top_in if skos.top_in is not None else skos.top_of or ()
            out += [_Q(nodes.iri(iri), _P["hasTopConcept"], concept) for iri in top_in]
        elif term.id not in with_broader:
            out.append(_Q(concept, _P["topConceptOf"], main))
            out.append(_Q(main, _P["hasTopConcept"], concept))
        yield out
    yield [_Q(concepts[link.source], _P[link.relation], concepts[link.target])
           for link in glossary.links]
    yield list(_unresolved_tuples(glossary, concepts, nodes))
    yield list(_collection_tuples(glossary, fields, concepts, nodes, lang))
    yield extra_rdf(glossary)


def _scheme_tuples(glossary: Glossary, fields: dict[str, _SkosFields], nodes: _Nodes,
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
        yield _Q(nodes.iri(iri), A, _SCHEME)
        if iri == titled:
            yield _Q(nodes.iri(iri), _D["title"], nodes.text(glossary.scheme.title, lang))


def _term_tuples(term: Term, concept: ox.NamedNode, skos: _SkosFields, main: ox.NamedNode,
                 nodes: _Nodes) -> list[tuple]:
    lang = skos.lang
    out: list[ox.Quad] = [_Q(concept, A, _CONCEPT)]
    if skos.schemes is None:
        out.append(_Q(concept, _P["inScheme"], main))
    else:
        out += [_Q(concept, _P["inScheme"], nodes.iri(iri)) for iri in skos.schemes]
    if skos.label_source is None:
        out.append(_Q(concept, _P["prefLabel"], nodes.text(term.label, lang)))
    _add_lang_map(out, concept, "prefLabel", skos.maps["labels"], nodes)
    hidden = set(skos.hidden)
    out += [_Q(concept, _P["altLabel"], nodes.text(alias, lang))
            for alias in term.aliases if alias not in hidden]
    out += [_Q(concept, _P["hiddenLabel"], nodes.text(text, lang)) for text in skos.hidden]
    _add_lang_map(out, concept, "altLabel", skos.maps["alt_labels"], nodes)
    _add_lang_map(out, concept, "hiddenLabel", skos.maps["other_hidden_labels"], nodes)
    if term.short_def:
        out.append(_Q(concept, _P["definition"], nodes.text(term.short_def, lang)))
    _add_lang_map(out, concept, "definition", skos.maps["definitions"], nodes)
    if term.long_def:
        out.append(_Q(concept, _P["scopeNote"], nodes.text(term.long_def, lang)))
    _add_lang_map(out, concept, "scopeNote", skos.maps["scope_notes"], nodes)
    out += [_Q(concept, _D["description"], nodes.text(text, lang)) for text in skos.description]
    out += [_Q(concept, _P["notation"], nodes.text(text, None)) for text in skos.notation]
    out += [_Q(concept, _P[name], nodes.text(text, lang)) for name, text in skos.notes]
    out += [_Q(concept, _P[name], nodes.iri(iri)) for name, iri in skos.mappings]
    _add_lifecycle(out, term, concept, nodes)
    _add_ai_glossary(out, term, concept, nodes, lang)
    extra = _extra(term, skos.used)
    if extra:
        out.append(_Q(concept, _G["extra"], ox.Literal(extra, datatype=_JSON_TYPE)))
    return out


def _add_lang_map(out: list, concept: ox.NamedNode, name: str, pairs: list[tuple[str, str]],
                  nodes: _Nodes) -> None:
    predicate = _P[name]
    out += [_Q(concept, predicate, nodes.text(text, lang)) for lang, text in pairs]


def _add_lifecycle(out: list, term: Term, concept: ox.NamedNode, nodes: _Nodes) -> None:
    if term.last_reviewed:
        datatype = (_DATE_TYPE if _DATE.match(term.last_reviewed)
                    else _DATE_TIME_TYPE if _DATE_TIME.match(term.last_reviewed) else None)
        out.append(_Q(concept, _D["modified"], ox.Literal(term.last_reviewed, datatype=datatype)))
    if term.license:
        out.append(_Q(concept, _D["license"], nodes.text(term.license, None)))
    if term.status:
        out.append(_Q(concept, _G["status"], nodes.text(term.status, None)))
        if term.is_deprecated:
            out.append(_Q(concept, _DEPRECATED, _TRUE))


def _add_ai_glossary(out: list, term: Term, concept: ox.NamedNode, nodes: _Nodes,
                     lang: str | None) -> None:
    """Roles, part of speech, governance, examples, citations, audiences, source position."""
    out += [_Q(concept, _G["role"], nodes.text(role, None)) for role in term.roles]
    if term.part_of_speech:
        out.append(_Q(concept, _G["partOfSpeech"], nodes.text(term.part_of_speech, None)))
    out += [_Q(concept, _G["nistRmfTag"], nodes.text(tag, None)) for tag in _tags(term)]
    for name, key in (("doExample", "do"), ("dontExample", "dont")):
        items = term.examples.get(key)
        for item in items if isinstance(items, list) else []:
            out.append(_Q(concept, _G[name], nodes.text(str(item), lang)))
    notes = term.governance.get("risk_notes")
    if isinstance(notes, str) and notes:
        out.append(_Q(concept, _G["riskNote"], nodes.text(notes, lang)))
    _add_citations(out, term, concept, nodes)
    _add_audiences(out, term, concept, nodes, lang)
    if term.file:
        out.append(_Q(concept, _G["sourceFile"], nodes.text(nodes.source_file(term.file), None)))
        if term.position and term.position.line:
            out.append(_Q(concept, _G["sourceLine"], ox.Literal(term.position.line)))


def _tags(term: Term) -> list[str]:
    tags = term.governance.get("nist_rmf_tags") if term.governance else None
    return [str(tag) for tag in tags] if isinstance(tags, list) else []


def _add_citations(out: list, term: Term, concept: ox.NamedNode, nodes: _Nodes) -> None:
    for number, citation in enumerate(term.citations, start=1):
        node = ox.BlankNode(f"{term.id}-source-{number}")
        out.append(_Q(concept, _D["source"], node))
        if citation.get("source") is not None:
            out.append(_Q(node, _D["title"], nodes.text(str(citation["source"]), None)))
        url = citation.get("url")
        if url is not None:
            url = str(url)
            target = nodes.iri(url) if _HTTP.match(url) and _valid_iri(url) else ox.Literal(url)
            out.append(_Q(node, _G["url"], target))


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
        out.append(_Q(concept, _G["audience"], node))
        out.append(_Q(node, _G["audienceName"], nodes.text(audience, None)))
        out.append(_Q(node, _VALUE, nodes.text(value, lang)))


def _extra(term: Term, used: set[str]) -> str | None:
    """Unknown fields, and the parts of known mappings SKOS has no place for, as JSON."""
    extra: dict[str, Any] = {k: v for k, v in term.extra.items() if k not in used}
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
    return json.dumps(_finite(extra), sort_keys=True, ensure_ascii=False, default=json_default,
                      allow_nan=False)


def json_default(value: Any) -> Any:
    """JSON for what YAML reads but JSON lacks: a set (``!!set``) as a sorted list, else text.

    Sorted, so that the same glossary gives the same bytes whatever PYTHONHASHSEED is.

    >>> json.dumps({"tags": {"b", "a", "c"}}, default=json_default)
    '{"tags": ["a", "b", "c"]}'
    """
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=lambda item: (type(item).__name__, str(item)))
    return str(value)


def _finite(value: Any) -> Any:
    """`value` with NaN and the infinities (YAML ``.nan``, ``.inf``) as strings: JSON has none.

    >>> _finite({"a": [float("nan"), float("-inf"), 1.5], "b": {float("inf")}})
    {'a': ['NaN', '-Infinity', 1.5], 'b': ['Infinity']}
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return _finite(json_default(value))
    return value


def _unresolved_tuples(glossary: Glossary, concepts: dict[str, ox.NamedNode], nodes: _Nodes):
    """Unresolved references: an IRI stays a SKOS link to it; other text a `gg:` literal."""
    for item in glossary.unresolved:
        ref, concept = item.reference, concepts[item.source]
        yield _Q(concept, _G["unresolvedReference"], nodes.text(ref.text, None))
        if _IRI.match(ref.text) and _valid_iri(ref.text):
            yield _Q(concept, _P[ref.relation], nodes.iri(ref.text))
        else:
            yield _Q(concept, _G[_UNRESOLVED[ref.relation]], nodes.text(ref.text, None))
    for item in glossary.ambiguous:
        ref, concept = item.reference, concepts[item.source]
        yield _Q(concept, _G["ambiguousReference"], nodes.text(ref.text, None))
        yield _Q(concept, _G[_UNRESOLVED[ref.relation]], nodes.text(ref.text, None))


def _collection_tuples(glossary: Glossary, fields: dict[str, _SkosFields],
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
        yield _Q(collection, A, _COLLECTION)
        yield _Q(collection, _P["prefLabel"], nodes.text(category, lang))
        for term_id in members[(category, iri)]:
            yield _Q(collection, _P["member"], concepts[term_id])


def _valid_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


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
