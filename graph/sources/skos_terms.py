"""One SKOS concept as a glossary term (the per-concept half of the SKOS import).

`make_term` reads a concept's indexed properties (see `skos_index.Triples`)
and what `Context` knows about the whole vocabulary. Fields the ai-glossary
shape lacks go to `Term.extra`, in a fixed key order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..model import Position, Reference, Term
from ..views.skos import DCTERMS, GG, MAPPINGS, NOTES, OWL, RDF, SKOS, category_iri
from .skos_index import Triples, by_language, literals

__all__ = ["Context", "make_term"]

_PREF, _ALT, _HIDDEN = SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel"
_NOTE_FIELDS = (("short_def", SKOS + "definition", "definitions"),
                ("long_def", SKOS + "scopeNote", "scope_notes"))
_NOTES = tuple((name, SKOS + name) for name in NOTES)
_MAPPINGS = tuple((name, SKOS + name) for name in MAPPINGS)
_RELATIONS = tuple((SKOS + name, name) for name in ("broader", "narrower", "related"))
_UNRESOLVED = ((GG + "unresolvedBroader", "broader"), (GG + "unresolvedNarrower", "narrower"),
               (GG + "unresolvedRelated", "related"))
_EXAMPLES = (("do", GG + "doExample"), ("dont", GG + "dontExample"))
_ROLE, _NIST, _RISK = GG + "role", GG + "nistRmfTag", GG + "riskNote"
_AUDIENCE, _EXTRA, _DEPRECATED = GG + "audience", GG + "extra", OWL + "deprecated"
_SOURCE = DCTERMS + "source"
#: Term fields holding the first value of a property.
_FIRST_VALUES = (("part_of_speech", GG + "partOfSpeech"), ("license", DCTERMS + "license"),
                 ("last_reviewed", DCTERMS + "modified"), ("status", GG + "status"))
_AUDIENCE_NAME, _VALUE = GG + "audienceName", RDF + "value"
_CITATION_FIELDS = (("source", DCTERMS + "title"), ("url", GG + "url"))
_SOURCE_NUMBER = re.compile(r"-source-(\d+)$")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_EMPTY: list = []
_NOTHING: dict = {}
_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


@dataclass
class Context:
    """What every concept needs to know about the whole vocabulary."""

    lang: str
    language: str
    labels: dict[Any, Any]
    names: dict[Any, str]
    slugs: dict[Any, str]
    #: How links name each concept: its name, or its IRI when the name is shared.
    references: dict[Any, str]
    #: Where the name comes from, for concepts without a prefLabel.
    label_sources: dict[Any, str]
    categories: dict[Any, list[tuple[str, str]]]
    schemes: dict[Any, dict[str, list[str]]]
    keep_iri: set[Any]
    base_iri: str
    position: Position


def make_term(triples: Triples, concept: Any, context: Context) -> Term:
    """One concept as a Term (extra fields hold what the ai-glossary shape lacks)."""
    props = triples.props(concept)
    label = context.labels[concept]
    tag = (label.language or "") if label is not None else ""
    extra: dict[str, Any] = {}
    if label is not None and (tag != context.language or not tag):
        extra["language"] = tag
    fields: dict[str, Any] = {}  # Term's keyword arguments, all made before the one Term call
    _labels(fields, props, label, tag, extra)
    _notes(fields, props, tag, extra)
    fields["references"] = _references(props, context)
    _categories_of(fields, concept, context, extra)
    _glossgraph_fields(fields, triples, props, extra)
    source = context.label_sources.get(concept)
    if source is not None:
        extra["label_source"] = source
    if concept in context.keep_iri:
        extra["iri"] = concept.value
    extra.update(context.schemes.get(concept, {}))
    fields["extra"] = {**extra, **fields.get("extra", {})}
    name = context.names[concept]
    text = name if label is None else label.value
    # The slug of the reference name is known already: spare Term from computing it again.
    return Term(label=text, position=context.position, id=context.slugs[concept] if text == name else "",
                **fields)


def _categories_of(fields: dict, concept: Any, context: Context, extra: dict[str, Any]) -> None:
    """Categories named by collection label; collection IRIs other than base + slug kept."""
    found = context.categories.get(concept)
    if not found:
        return
    fields["categories"] = sorted({name for name, _ in found})
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


def _labels(fields: dict, props: dict, label: Any, tag: str, extra: dict[str, Any]) -> None:
    """Aliases (alt + hidden labels in the label's language) and other-language labels.

    Only labels tagged exactly like the term's label are aliases; every other
    language (``""`` for untagged) is kept in `labels`, `alt_labels` and
    `other_hidden_labels`, so that each label goes back with its own tag.
    """
    preferred = props.get(_PREF, _EMPTY)
    alt_nodes, hidden_nodes = props.get(_ALT), props.get(_HIDDEN)
    if len(preferred) < 2 and not alt_nodes and not hidden_nodes:
        return  # one label at most, no alias: nothing to add
    preferred = by_language(preferred, label)
    same = preferred.pop(tag, [])
    others = {lang: texts[0] for lang, texts in preferred.items()}
    alt = by_language(alt_nodes or _EMPTY)
    hidden = by_language(hidden_nodes or _EMPTY)
    main_hidden = hidden.pop(tag, [])
    fields["aliases"] = list(dict.fromkeys(same + alt.pop(tag, []) + main_hidden))
    if others:
        extra["labels"] = dict(sorted(others.items()))
    if alt:
        extra["alt_labels"] = dict(sorted(alt.items()))
    if main_hidden:
        extra["hidden_labels"] = main_hidden
    if hidden:
        extra["other_hidden_labels"] = dict(sorted(hidden.items()))


def _notes(fields: dict, props: dict, tag: str, extra: dict[str, Any]) -> None:
    """Definition and scope note in the label's language, the rest kept by language."""
    for field, predicate, key in _NOTE_FIELDS:
        nodes = props.get(predicate)
        if not nodes:
            continue
        rest = by_language(nodes)
        chosen = rest.get(tag)
        if chosen:
            fields[field] = chosen.pop(0)
            if not chosen:
                del rest[tag]
        if rest:
            extra[key] = dict(sorted(rest.items()))
    description = [d.value for d in literals(props.get(DCTERMS + "description", _EMPTY))]
    if description:
        extra["description"] = description
    # a notation typed otherwise than xsd:string keeps its datatype in RDF (`import` keeps it aside)
    notation = [n.value for n in props.get(SKOS + "notation", _EMPTY)
                if type(n) is ox.Literal and n.datatype == _STRING]
    if notation:
        extra["notation"] = notation[0] if len(notation) == 1 else notation
    # blank-node notes (with their own properties) are no text: `import` keeps them as RDF
    notes = {name: [n.value for n in literals(props[iri])] for name, iri in _NOTES
             if literals(props.get(iri, _EMPTY))}
    if notes:
        extra["notes"] = notes
    mappings = {name: sorted({n.value for n in props[iri] if type(n) is ox.NamedNode})
                for name, iri in _MAPPINGS if props.get(iri)}
    mappings = {name: iris for name, iris in mappings.items() if iris}
    if mappings:
        extra["mappings"] = mappings


def _references(props: dict, context: Context) -> list[Reference]:
    """Declared broader/narrower/related, then unresolved references kept as gg: literals."""
    found: list[Reference] = []
    declared: dict[str, int] = {}
    position, names = context.position, context.references
    for predicate, relation in _RELATIONS:
        targets = props.get(predicate)
        if targets:
            texts = sorted({_target_name(target, names) for target in targets})
            found += [Reference(text, relation, i, position) for i, text in enumerate(texts)]
            declared[relation] = len(texts)
    for predicate, relation in _UNRESOLVED:
        nodes = props.get(predicate)
        if nodes:
            start = declared.get(relation, 0)
            texts = sorted({lit.value for lit in literals(nodes)})
            found += [Reference(text, relation, start + i, position) for i, text in enumerate(texts)]
    return found


def _target_name(target: Any, names: dict[Any, str]) -> str:
    """How a link names a concept (see `Context.references`); anything else by its IRI."""
    name = names.get(target)
    return name if name is not None else target.value


def _glossgraph_fields(fields: dict, triples: Triples, props: dict, extra: dict) -> None:
    """The ai-glossary fields stored in `gg:`, `dcterms:` and `owl:` properties."""
    get = props.get
    fields["roles"] = [node.value for node in get(_ROLE, _EMPTY)]
    for key, predicate in _FIRST_VALUES:
        found = get(predicate)
        fields[key] = found[0].value if found else None
    modified = get(DCTERMS + "modified")
    if modified and len(modified) > 1:  # the newest review counts (GG403); the others stay in RDF
        fields["last_reviewed"] = max(node.value for node in modified)
    deprecated = any(node.value.lower() in ("true", "1") for node in get(_DEPRECATED, _EMPTY))
    fields["status"] = fields["status"] or ("deprecated" if deprecated else None)
    tags, risks = get(_NIST), get(_RISK)
    governance = fields["governance"] = {}
    if tags:
        governance["nist_rmf_tags"] = [node.value for node in tags]
    if risks:
        governance["risk_notes"] = risks[0].value
    examples = fields["examples"] = {}
    for key, predicate in _EXAMPLES:
        found = get(predicate)
        if found:
            examples[key] = [node.value for node in found]
    table = triples.table
    fields["audiences"] = _audiences(table, get(_AUDIENCE, _EMPTY))
    fields["citations"] = _citations(table, get(_SOURCE, _EMPTY))
    for literal in literals(get(_EXTRA, _EMPTY)):
        _merge_extra(fields, literal.value, extra)


def _audiences(table: dict, nodes: list) -> dict[str, str]:
    audiences = {}
    for node in nodes:
        props = table.get(node, _NOTHING)
        name, value = props.get(_AUDIENCE_NAME), props.get(_VALUE)
        if name and value:
            audiences[name[0].value] = value[0].value
    return dict(sorted(audiences.items()))


def _citations(table: dict, nodes: list) -> list[dict[str, Any]]:
    """`dcterms:source` nodes (title, gg:url) in their written order, or plain sources."""
    rows = []
    for node in nodes:
        if type(node) is ox.Literal:
            citation = {"source": node.value}
        else:
            props = table.get(node, _NOTHING)
            citation = {}
            for key, predicate in _CITATION_FIELDS:
                found = props.get(predicate)
                if found:
                    citation[key] = found[0].value
            if not citation:
                citation = {"url": node.value} if _URL.match(node.value) else {}
        match = _SOURCE_NUMBER.search(node.value) if type(node) is ox.BlankNode else None
        order = int(match.group(1)) if match else 1 << 30
        rows.append((order, citation.get("source") or "", citation.get("url") or "", citation))
    return [row[3] for row in sorted(rows, key=lambda row: row[:3]) if row[3]]


def _merge_extra(fields: dict, text: str, extra: dict[str, Any]) -> None:
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
            fields[key].update(part)
    fields.setdefault("extra", {}).update(data)
