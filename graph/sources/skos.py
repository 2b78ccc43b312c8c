"""Read a SKOS vocabulary (any RDF syntax) into glossary terms, offline.

Parsing uses pyoxigraph (about 25x faster than rdflib on PhySH) and never
touches the network: a JSON-LD `@context` given as a URL becomes a load
finding (GG006) unless the caller maps that URL to a local file.

The mapping inverts `graph.views.skos` exactly (see docs/interop.md and the
README's "The SKOS mapping"), so that SKOS -> YAML -> SKOS gives the same
SKOS core:

- `skos:prefLabel` in the preferred language (``lang``, default ``en``,
  then untagged, then any) is the label (its tag in ``language`` when it is
  not the scheme's); other languages go to the extra field ``labels``.
- `skos:altLabel` and `skos:hiddenLabel` tagged like the label are aliases;
  hidden ones are also listed in ``hidden_labels``; other languages go to
  ``alt_labels`` and ``other_hidden_labels``.
- `skos:definition` / `skos:scopeNote` in the label's language are
  `short_def` / `long_def`; the others go to ``definitions`` /
  ``scope_notes``, `dcterms:description` to ``description``.
- `skos:broader` / `narrower` / `related` become references, as declared,
  naming the target's label (or its IRI when the target is not a concept).
- `skos:notation`, the notes, the concept IRI (when it is not the base IRI
  plus the slug), scheme membership (when it is not the one computed on
  export) and collection IRIs (when not base + ``category/`` + slug) are
  extra fields.
- `owl:deprecated true` gives status ``deprecated``; collections give
  categories; the `gg:` properties and `gg:extra` JSON give back the
  ai-glossary fields.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import ConfigError
from ..findings import Finding
from ..gcpause import paused_gc
from ..model import Position, Reference, Scheme, Term, fold, slugify
from ..views.skos import DCTERMS, GG, NOTES, OWL, RDF, RDFS, SKOS, category_iri

__all__ = ["RDF_FORMATS", "RemoteContextError", "rdf_format", "parse_quads", "read_skos"]

#: rdflib-style format names (and common aliases) -> Oxigraph formats.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "xml": ox.RdfFormat.RDF_XML, "rdf/xml": ox.RdfFormat.RDF_XML,
    "pretty-xml": ox.RdfFormat.RDF_XML, "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES, "nt11": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "n-quads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD, "jsonld": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}
_RELATIONS = {"broader": "broader", "narrower": "narrower", "related": "related"}
_UNRESOLVED = {"unresolvedBroader": "broader", "unresolvedNarrower": "narrower",
               "unresolvedRelated": "related"}
_TITLES = (DCTERMS + "title", SKOS + "prefLabel", RDFS + "label",
           "http://purl.org/dc/elements/1.1/title")
_TYPE = RDF + "type"
_SOURCE_NUMBER = re.compile(r"-source-(\d+)$")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


class RemoteContextError(ValueError):
    """A JSON-LD document names a remote `@context`, which glossgraph never fetches."""


def rdf_format(name: str) -> ox.RdfFormat:
    """The Oxigraph format for an rdflib-style name.

    >>> rdf_format("turtle")
    <RdfFormat Turtle>
    >>> rdf_format("csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.ConfigError: unknown RDF format 'csv'; known formats: json-ld, n3, ...
    """
    try:
        return RDF_FORMATS[name.lower()]
    except KeyError:
        known = "json-ld, n3, nquads, nt, trig, turtle, xml"
        raise ConfigError(f"unknown RDF format {name!r}; known formats: {known}") from None


def parse_quads(path: Path, fmt: str, contexts: dict[str, str | Path] | None = None) -> list:
    """Parse an RDF file into Oxigraph quads, offline.

    Raises
    ------
    RemoteContextError
        When a JSON-LD `@context` is a URL not mapped to a local file in `contexts`.
    SyntaxError, OSError
        When the file cannot be read or parsed.
    """
    return list(_quad_stream(path, fmt, contexts))


def _quad_stream(path: Path, fmt: str, contexts: dict[str, str | Path] | None) -> Iterator:
    """The quads of an RDF file as Oxigraph parses them (errors raise while iterating)."""
    syntax = rdf_format(fmt)
    data = path.read_bytes()
    if syntax == ox.RdfFormat.JSON_LD:
        data = _inline_contexts(data, contexts or {})
    base = path.resolve().as_uri()
    try:
        yield from ox.parse(data, format=syntax, base_iri=base)
    except SyntaxError as exc:
        if "LoadDocumentCallback" in str(exc) or "remote context" in str(exc).lower():
            raise RemoteContextError("the JSON-LD document loads a remote context") from None
        raise


def _inline_contexts(data: bytes, contexts: dict[str, str | Path]) -> bytes:
    """Replace every `@context` URL by the content of its local file, or refuse."""
    document = json.loads(data.decode("utf-8-sig"))

    def local(value: Any) -> Any:
        if isinstance(value, str):
            if value not in contexts:
                raise RemoteContextError(f"JSON-LD @context {value!r} is remote")
            loaded = json.loads(Path(contexts[value]).read_text(encoding="utf-8"))
            return loaded.get("@context", loaded) if isinstance(loaded, dict) else loaded
        if isinstance(value, list):
            return [local(item) for item in value]
        return value

    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "@context" in node:
                node["@context"] = local(node["@context"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return json.dumps(document).encode("utf-8")


class _Triples:
    """Subject -> predicate -> objects, indexed once (deduplicated over graphs, sorted).

    Predicates are kept as Oxigraph nodes (no string made per triple); only
    the few multi-valued entries are sorted, once, when the index is built.
    """

    def __init__(self, quads: Iterable) -> None:
        table: dict[Any, dict[Any, list]] = {}
        wanted = _WANTED
        for subject, predicate, obj, _ in quads:
            if predicate not in wanted and not predicate.value.startswith(GG):
                continue
            props = table.get(subject)
            if props is None:
                props = table[subject] = {}
            found = props.get(predicate)
            if found is None:
                props[predicate] = [obj]
            else:
                found.append(obj)
        for props in table.values():
            for predicate, found in props.items():
                if len(found) > 1:
                    props[predicate] = sorted(dict.fromkeys(found), key=_sort_key)
        self.table = table

    def props(self, subject: Any) -> dict[Any, list]:
        """Every indexed predicate of `subject` -> its objects."""
        return self.table.get(subject, _NOTHING)

    def objects(self, subject: Any, predicate: str) -> list:
        return self.table.get(subject, _NOTHING).get(_node(predicate), [])

    def subjects_of_type(self, rdf_type: str) -> list:
        node, kind = ox.NamedNode(rdf_type), _node(_TYPE)
        return sorted((s for s, props in self.table.items() if node in props.get(kind, ())),
                      key=_sort_key)

    def pairs(self, predicate: str) -> Iterable[tuple[Any, Any]]:
        node = _node(predicate)
        for subject, props in self.table.items():
            for obj in props.get(node, ()):
                yield subject, obj


_NOTHING: dict = {}
_NODES: dict[str, ox.NamedNode] = {}


def _node(iri: str) -> ox.NamedNode:
    """The NamedNode of an IRI, made once."""
    node = _NODES.get(iri)
    if node is None:
        node = _NODES[iri] = ox.NamedNode(iri)
    return node


#: The predicates import reads (plus every `gg:` one); anything else is skipped while indexing.
_WANTED = frozenset(_node(iri) for iri in (
    _TYPE, RDF + "value", OWL + "deprecated",
    *(SKOS + name for name in ("prefLabel", "altLabel", "hiddenLabel", "definition", "scopeNote",
                               "notation", "broader", "narrower", "related", "inScheme",
                               "topConceptOf", "hasTopConcept", "member", *NOTES)),
    *(DCTERMS + name for name in ("title", "description", "modified", "license", "source")),
    *_TITLES))


def _sort_key(node: Any) -> tuple[str, str, str]:
    return (type(node).__name__, node.value, getattr(node, "language", None) or "")


def _rank(literal: Any, lang: str) -> tuple[int, str, str]:
    """Preferred language first, then the same primary language, untagged, any."""
    tag = (getattr(literal, "language", None) or "").lower()
    if tag == lang:
        rank = 0
    elif tag and tag.split("-")[0] == lang.split("-")[0]:
        rank = 1
    else:
        rank = 2 if not tag else 3
    return (rank, tag, literal.value)


def _literals(nodes: list) -> list:
    return [node for node in nodes if isinstance(node, ox.Literal)]


def _pick(nodes: list, lang: str) -> Any:
    literals = _literals(nodes)
    return min(literals, key=lambda lit: _rank(lit, lang)) if literals else None


def _by_language(nodes: list, skip: Any = None) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for literal in _literals(nodes):
        if literal != skip:
            grouped.setdefault(literal.language or "", []).append(literal.value)
    return grouped


def _local_name(iri: str) -> str:
    return re.split(r"[/#:]", iri.rstrip("/#"))[-1] or iri


@dataclass
class _Context:
    """What every concept needs to know about the whole vocabulary."""

    lang: str
    language: str
    names: dict[Any, str]
    categories: dict[Any, list[tuple[str, str]]]
    schemes: dict[Any, dict[str, list[str]]]
    keep_iri: set[Any]
    base_iri: str
    file: str


def read_skos(
    path: str | Path,
    fmt: str | None = None,
    *,
    lang: str | None = None,
    scheme: Scheme | None = None,
    contexts: dict[str, str | Path] | None = None,
) -> tuple[list[Term], list[Finding], Scheme]:
    """Read the concepts of an RDF file as terms.

    Parameters
    ----------
    path : str or Path
        The RDF file.
    fmt : str, optional
        rdflib-style format name (``turtle``, ``xml``, ``nt``, ``nquads``,
        ``trig``, ``json-ld``, ``n3``); guessed from the suffix when omitted.
    lang : str, optional
        Preferred label language (default ``en``).
    scheme : Scheme, optional
        Defaults for the scheme (title, base IRI) when the file has none.
    contexts : dict, optional
        JSON-LD context URL -> local file holding that context.

    Returns
    -------
    (terms, findings, scheme)
        Unreadable files give no terms and one finding (GG005 rdf-syntax or
        GG006 remote-context); this function does not raise on bad content.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "v.ttl"
    >>> _ = f.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\\n'
    ...     '<http://x/a> a skos:Concept ; skos:prefLabel "A"@en, "Ah"@fr ; '
    ...     'skos:broader <http://x/b> .\\n<http://x/b> a skos:Concept ; skos:prefLabel "B" .\\n')
    >>> terms, findings, scheme = read_skos(f)
    >>> [(t.label, t.relationships(), t.extra.get("labels")) for t in terms]
    [('A', {'broader': ['B']}, {'fr': 'Ah'}), ('B', {}, None)]
    """
    path = Path(path)
    scheme = scheme or Scheme()
    display = _display(path)
    if fmt is None:
        from . import RDF_SUFFIXES

        fmt = RDF_SUFFIXES.get(path.suffix.lower(), "turtle")
    try:
        with paused_gc():  # hundreds of thousands of acyclic objects
            triples = _Triples(_quad_stream(path, fmt, contexts))
    except RemoteContextError as exc:
        message = (f"{exc}; glossgraph never fetches from the network, so nothing was read: "
                   f"inline the context, or pass a local copy (glossgraph import --context URL=FILE)")
        return [], [Finding("GG006", "remote-context", "error", message, file=display)], scheme
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
        message = f"cannot read {fmt} RDF: {exc}"
        return [], [Finding("GG005", "rdf-syntax", "error", message, file=display)], scheme
    with paused_gc():
        return _read_vocabulary(triples, (lang or "en").lower(), scheme, display)


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _read_vocabulary(triples: _Triples, lang: str, defaults: Scheme, display: str):
    concepts = triples.subjects_of_type(SKOS + "Concept")
    labels = {c: _pick(triples.objects(c, SKOS + "prefLabel"), lang) for c in concepts}
    names = _reference_names(triples, concepts, labels, lang)
    memberships = _concept_schemes(triples, concepts)
    all_schemes = set(triples.subjects_of_type(SKOS + "ConceptScheme"))
    all_schemes.update(s for found in memberships.values() for values in found for s in values)
    scheme = _scheme(triples, sorted(all_schemes, key=_sort_key), concepts, labels, lang, defaults)
    context = _Context(
        lang=lang, language=scheme.language, names=names, categories=_categories(triples, lang),
        schemes=_scheme_fields(triples, concepts, memberships, scheme.iri),
        keep_iri=_concepts_keeping_iri(concepts, names, scheme.base_iri),
        base_iri=scheme.base_iri, file=display,
    )
    terms = [_term(triples, concept, context) for concept in concepts]
    return terms, [], scheme


def _reference_names(triples: _Triples, concepts: list, labels: dict, lang: str) -> dict:
    """The text naming each concept in references: its label, or a unique alias if shared."""
    names = {c: labels[c].value if labels[c] is not None else _local_name(c.value)
             for c in concepts}
    counts = Counter(fold(name) for name in names.values())
    alias_counts = Counter(fold(lit.value) for c in concepts
                           for lit in _literals(triples.objects(c, SKOS + "altLabel")))
    for concept in concepts:
        if counts[fold(names[concept])] < 2:
            continue
        for alias in _literals(triples.objects(concept, SKOS + "altLabel")):
            key = fold(alias.value)
            if key not in counts and alias_counts[key] == 1:
                names[concept] = alias.value
                break
    return names


def _concepts_keeping_iri(concepts: list, names: dict, base_iri: str) -> set:
    """Concepts whose IRI is not `base_iri + slug`, or whose slug is shared: keep the IRI."""
    slugs = Counter(slugify(names[c]) for c in concepts)
    return {c for c in concepts
            if c.value != base_iri + slugify(names[c]) or slugs[slugify(names[c])] > 1}


def _concept_schemes(triples: _Triples, concepts: list) -> dict[Any, tuple[set, set, set]]:
    """Concept -> (inScheme, topConceptOf, schemes listing it with hasTopConcept)."""
    found: dict[Any, tuple[set, set, set]] = {
        c: (set(triples.objects(c, SKOS + "inScheme")), set(triples.objects(c, SKOS + "topConceptOf")),
            set()) for c in concepts}
    for scheme, concept in triples.pairs(SKOS + "hasTopConcept"):
        if concept in found:
            found[concept][2].add(scheme)
    return found


def _scheme_fields(triples: _Triples, concepts: list, memberships: dict, main_iri: str) -> dict:
    """The `scheme`, `top_concept_of`, `has_top_concept` fields of concepts that need them.

    The SKOS view puts every term in the glossary's scheme, top concept of it
    when nothing is broader; a concept for which the file says otherwise
    keeps what the file says.
    """
    known = set(concepts)
    with_broader = {c for c in concepts if any(t in known for t in
                                               triples.objects(c, SKOS + "broader"))}
    with_broader.update(t for c in concepts for t in triples.objects(c, SKOS + "narrower"))
    main = ox.NamedNode(main_iri)
    fields = {}
    for concept in concepts:
        in_scheme, top_of, listed = memberships[concept]
        top = set() if concept in with_broader else {main}
        if in_scheme == {main} and top_of == top and listed == top:
            continue
        found = {"scheme": _iris(in_scheme)}
        if top_of:
            found["top_concept_of"] = _iris(top_of)
        if listed != top_of:
            found["has_top_concept"] = _iris(listed)
        fields[concept] = found
    return fields


def _iris(nodes: Iterable) -> list[str]:
    return sorted(node.value for node in nodes)


def _scheme(triples: _Triples, schemes: list, concepts: list, labels: dict, lang: str,
            defaults: Scheme) -> Scheme:
    """Title, base IRI and label language of the vocabulary."""
    title = defaults.title
    base = None
    if len(schemes) == 1:
        for predicate in _TITLES:
            found = _pick(triples.objects(schemes[0], predicate), lang)
            if found is not None:
                title = found.value
                break
        if schemes[0].value.endswith("scheme"):
            base = schemes[0].value[: -len("scheme")]
    if base is None:
        base = _common_namespace([c.value for c in concepts]) or defaults.base_iri
    tags = Counter((label.language or "") for label in labels.values() if label is not None)
    preferred = sorted(tags, key=lambda tag: (-tags[tag], tag != lang, tag))
    language = preferred[0] if preferred else defaults.language
    return Scheme(title=title, base_iri=base, language=language)


def _common_namespace(iris: list[str]) -> str | None:
    """The namespace (up to the last ``/`` or ``#``) most concept IRIs share."""
    spaces = Counter(iri[: max(iri.rfind("/"), iri.rfind("#")) + 1] for iri in iris)
    spaces.pop("", None)
    return min(spaces, key=lambda ns: (-spaces[ns], ns)) if spaces else None


def _categories(triples: _Triples, lang: str) -> dict[Any, list[tuple[str, str]]]:
    """Concept -> (label, IRI) of the collections it is a member of."""
    members: dict[Any, set[tuple[str, str]]] = defaultdict(set)
    for collection in triples.subjects_of_type(SKOS + "Collection"):
        label = _pick(triples.objects(collection, SKOS + "prefLabel"), lang)
        name = label.value if label is not None else _local_name(collection.value)
        for member in triples.objects(collection, SKOS + "member"):
            members[member].add((name, collection.value))
    return {member: sorted(found) for member, found in members.items()}


def _term(triples: _Triples, concept: Any, context: _Context) -> Term:
    """One concept as a Term (extra fields hold what the ai-glossary shape lacks)."""
    props = triples.props(concept)

    def values(name: str, namespace: str = SKOS) -> list:
        key = namespace + name
        return props.get(_NODES.get(key) or _node(key), [])

    label = _pick(values("prefLabel"), context.lang)
    tag = (label.language or "") if label is not None else ""
    extra: dict[str, Any] = {}
    if label is not None and (tag != context.language or not tag):
        extra["language"] = tag
    term = Term(label=context.names[concept] if label is None else label.value)
    term.position = Position(context.file)
    _labels(term, values, label, tag, extra)
    _notes(term, values, tag, extra)
    term.references = _references(values, context)
    _categories_of(term, concept, context, extra)
    _glossgraph_fields(term, triples, values, extra)
    if concept in context.keep_iri:
        extra["iri"] = concept.value
    extra.update(context.schemes.get(concept, {}))
    term.extra = {**extra, **term.extra}
    return term


def _categories_of(term: Term, concept: Any, context: _Context, extra: dict[str, Any]) -> None:
    """Categories named by collection label; collection IRIs other than base + slug kept."""
    found = context.categories.get(concept, [])
    term.categories = sorted({name for name, _ in found})
    kept = {name: iri for name, iri in found if iri != _category_iri(context.base_iri, name)}
    if kept:
        extra["collections"] = dict(sorted(kept.items()))


_CATEGORY_IRIS: dict[tuple[str, str], str] = {}


def _category_iri(base_iri: str, name: str) -> str:
    """`category_iri`, computed once per category."""
    key = (base_iri, name)
    found = _CATEGORY_IRIS.get(key)
    if found is None:
        found = _CATEGORY_IRIS[key] = category_iri(base_iri, name)
    return found


def _labels(term: Term, values, label: Any, tag: str, extra: dict[str, Any]) -> None:
    """Aliases (alt + hidden labels in the label's language) and other-language labels.

    Only labels tagged exactly like the term's label are aliases; every other
    language (``""`` for untagged) is kept in `labels`, `alt_labels` and
    `other_hidden_labels`, so that each label goes back with its own tag.
    """
    preferred = _by_language(values("prefLabel"), label)
    same = preferred.pop(tag, [])
    others = {lang: texts[0] for lang, texts in preferred.items()}
    alt = _by_language(values("altLabel"))
    hidden = _by_language(values("hiddenLabel"))
    main_hidden = hidden.pop(tag, [])
    term.aliases = list(dict.fromkeys(same + alt.pop(tag, []) + main_hidden))
    if others:
        extra["labels"] = dict(sorted(others.items()))
    if alt:
        extra["alt_labels"] = dict(sorted(alt.items()))
    if main_hidden:
        extra["hidden_labels"] = main_hidden
    if hidden:
        extra["other_hidden_labels"] = dict(sorted(hidden.items()))


def _notes(term: Term, values, tag: str, extra: dict[str, Any]) -> None:
    """Definition and scope note in the label's language, the rest kept by language."""
    for field, name, key in (("short_def", "definition", "definitions"),
                             ("long_def", "scopeNote", "scope_notes")):
        rest = _by_language(values(name))
        chosen = rest.get(tag)
        if chosen:
            setattr(term, field, chosen.pop(0))
            if not chosen:
                del rest[tag]
        if rest:
            extra[key] = dict(sorted(rest.items()))
    description = [d.value for d in _literals(values("description", DCTERMS))]
    if description:
        extra["description"] = description
    notation = [n.value for n in values("notation")]
    if notation:
        extra["notation"] = notation[0] if len(notation) == 1 else notation
    notes = {name: [n.value for n in values(name)] for name in NOTES if values(name)}
    if notes:
        extra["notes"] = notes


def _references(values, context: _Context) -> list[Reference]:
    """Declared broader/narrower/related, then unresolved references kept as gg: literals."""
    found: list[Reference] = []
    for relation in _RELATIONS:
        texts = [_target_name(target, context) for target in values(relation)]
        found += [Reference(text, relation, i, Position(context.file))
                  for i, text in enumerate(sorted(set(texts)))]
    for name, relation in _UNRESOLVED.items():
        start = len([r for r in found if r.relation == relation])
        texts = sorted({lit.value for lit in _literals(values(name, GG))})
        found += [Reference(text, relation, start + i, Position(context.file))
                  for i, text in enumerate(texts)]
    return found


def _target_name(target: Any, context: _Context) -> str:
    """A concept's reference name; anything else by its IRI (the SKOS view links it again)."""
    name = context.names.get(target)
    return name if name is not None else target.value


def _glossgraph_fields(term: Term, triples: _Triples, values, extra: dict) -> None:
    """The ai-glossary fields stored in `gg:`, `dcterms:` and `owl:` properties."""

    def texts(name: str, namespace: str = GG) -> list[str]:
        return [node.value for node in values(name, namespace)]

    term.roles = texts("role")
    term.part_of_speech = next(iter(texts("partOfSpeech")), None)
    term.license = next(iter(texts("license", DCTERMS)), None)
    term.last_reviewed = next(iter(texts("modified", DCTERMS)), None)
    deprecated = any(value.lower() in ("true", "1") for value in texts("deprecated", OWL))
    term.status = next(iter(texts("status")), None) or ("deprecated" if deprecated else None)
    tags, risks = texts("nistRmfTag"), texts("riskNote")
    if tags:
        term.governance["nist_rmf_tags"] = tags
    if risks:
        term.governance["risk_notes"] = risks[0]
    for key, name in (("do", "doExample"), ("dont", "dontExample")):
        found = texts(name)
        if found:
            term.examples[key] = found
    term.audiences = _audiences(triples, values("audience", GG))
    term.citations = _citations(triples, values("source", DCTERMS))
    for literal in _literals(values("extra", GG)):
        _merge_extra(term, literal.value, extra)


def _audiences(triples: _Triples, nodes: list) -> dict[str, str]:
    audiences = {}
    for node in nodes:
        name = triples.objects(node, GG + "audienceName")
        value = triples.objects(node, RDF + "value")
        if name and value:
            audiences[name[0].value] = value[0].value
    return dict(sorted(audiences.items()))


def _citations(triples: _Triples, nodes: list) -> list[dict[str, Any]]:
    """`dcterms:source` nodes (title, gg:url) in their written order, or plain sources."""
    rows = []
    for node in nodes:
        if isinstance(node, ox.Literal):
            citation = {"source": node.value}
        else:
            citation = {}
            for key, predicate in (("source", DCTERMS + "title"), ("url", GG + "url")):
                found = triples.objects(node, predicate)
                if found:
                    citation[key] = found[0].value
            if not citation:
                citation = {"url": node.value} if _URL.match(node.value) else {}
        match = _SOURCE_NUMBER.search(node.value) if isinstance(node, ox.BlankNode) else None
        order = int(match.group(1)) if match else 1 << 30
        rows.append((order, citation.get("source") or "", citation.get("url") or "", citation))
    return [row[3] for row in sorted(rows, key=lambda row: row[:3]) if row[3]]


def _merge_extra(term: Term, text: str, extra: dict[str, Any]) -> None:
    """Unknown YAML fields (and unmapped parts of governance/examples/audiences) from gg:extra."""
    try:
        data = json.loads(text)
    except ValueError:
        extra.setdefault("gg_extra", []).append(text)
        return
    if not isinstance(data, dict):
        extra.setdefault("gg_extra", []).append(data)
        return
    for key in ("governance", "examples", "audiences"):
        part = data.pop(key, None)
        if isinstance(part, dict):
            getattr(term, key).update(part)
    term.extra.update(data)
