"""Read a SKOS vocabulary (any RDF syntax) into glossary terms, offline.

Parsing uses pyoxigraph (about 25x faster than rdflib on PhySH) and never
touches the network: a JSON-LD `@context` given as a URL becomes a load
finding (GG006) unless the caller maps that URL to a local file.

Four modules: `skos_parse` (formats, offline parsing), `skos_index` (one
pass over the triples into a subject index), `skos_terms` (one concept as a
Term) and this one (what depends on the whole vocabulary: names, schemes,
collections).

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
  naming the target's label when no other concept's name folds the same,
  else its IRI (and the IRI of a target that is not a concept): the
  resolver matches an IRI before any label, so a link always reaches the
  concept the file names, and no RDF link is ambiguous (GG104).
- The name of a concept without `skos:prefLabel` comes from `rdfs:label`,
  `skos:notation` or the IRI (see `display_names`); ``label_source`` says
  which, and no prefLabel is written back for it.
- The mapping properties (`skos:exactMatch` ...) are kept in ``mappings``
  and written back as links to the same IRIs.
- `skos:notation`, the notes, the concept IRI (when it is not the base IRI
  plus the slug), scheme membership (when it is not the one computed on
  export) and collection IRIs (when not base + ``category/`` + slug) are
  extra fields.
- `owl:deprecated true` gives status ``deprecated``; collections give
  categories; the `gg:` properties and `gg:extra` JSON give back the
  ai-glossary fields.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..findings import Finding
from ..gcpause import paused_gc
from ..model import Position, Scheme, Term, fold, slugify
from ..views.skos import RDFS, SKOS
from .skos_index import TITLES, Triples, literals, local_name, pick, sort_key
from .skos_lenient import lenient_quads
from .skos_parse import (
    RDF_FORMATS,
    RemoteContextError,
    is_invalid_term_error,
    parse_quads,
    quad_stream,
    rdf_format,
)
from .skos_terms import Context, make_term

__all__ = ["RDF_FORMATS", "RemoteContextError", "rdf_format", "parse_quads", "read_skos"]


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
        GG006 remote-context); a file whose only faults are invalid IRIs or
        language tags loads without the triples naming them, with one GG005
        per invalid value (`skos_lenient`). This function does not raise on
        bad content.

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
        from .suffixes import RDF_SUFFIXES

        fmt = RDF_SUFFIXES.get(path.suffix.lower(), "turtle")
    findings: list[Finding] = []
    with paused_gc():  # hundreds of thousands of acyclic objects
        try:
            try:
                triples = Triples(quad_stream(path, fmt, contexts))
            except SyntaxError as exc:
                if not is_invalid_term_error(exc):
                    raise
                quads, findings = lenient_quads(path, fmt, contexts, display)
                triples = Triples(quads)
        except RemoteContextError as exc:
            message = (f"{exc}; glossgraph never fetches from the network, so nothing was read: "
                       f"inline the context, or pass a local copy (glossgraph import --context URL=FILE)")
            return [], [Finding("GG006", "remote-context", "error", message, file=display)], scheme
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
            message = f"cannot read {fmt} RDF: {exc}"
            line, column = (exc.lineno, exc.offset) if isinstance(exc, SyntaxError) else (None, None)
            return [], [Finding("GG005", "rdf-syntax", "error", message, file=display, line=line,
                                column=column)], scheme
        terms, scheme = _read_vocabulary(triples, (lang or "en").lower(), scheme, display,
                                         explicit=lang is not None)
        del triples  # freed now, so the collector never scans the index when it runs again
    return terms, findings, scheme


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _read_vocabulary(triples: Triples, lang: str, defaults: Scheme,
                     display: str, explicit: bool = False) -> tuple[list[Term], Scheme]:
    concepts = triples.subjects_of_type(SKOS + "Concept")
    labels = {c: pick(triples.objects(c, SKOS + "prefLabel"), lang) for c in concepts}
    names, sources = display_names(triples, concepts, labels, lang)
    memberships = _concept_schemes(triples, concepts)
    all_schemes = set(triples.subjects_of_type(SKOS + "ConceptScheme"))
    all_schemes.update(s for found in memberships.values() for values in found for s in values)
    scheme = _scheme(triples, sorted(all_schemes, key=sort_key), concepts, labels, lang, defaults)
    if explicit:
        scheme.language = lang
    slugs = {c: slugify(names[c]) for c in concepts}
    context = Context(
        lang=lang, language=scheme.language, labels=labels, names=names, slugs=slugs,
        references=_reference_texts(names), label_sources=sources,
        categories=_categories(triples, lang),
        schemes=_scheme_fields(triples, concepts, memberships, scheme.iri),
        keep_iri=_concepts_keeping_iri(concepts, slugs, scheme.base_iri),
        base_iri=scheme.base_iri, position=Position(display),
    )
    return [make_term(triples, concept, context) for concept in concepts], scheme


def display_names(triples: Triples, concepts: list, labels: dict, lang: str) -> tuple[dict, dict]:
    """The name people see for each concept, and where it came from when not a prefLabel.

    The order: `skos:prefLabel` in `lang` (then the same primary language,
    untagged, any other language: see `pick`), `rdfs:label` in the same order,
    `skos:notation`, the IRI's local name. A name that is no prefLabel is
    never written back as one (the term keeps ``label_source``).
    """
    names: dict = {}
    sources: dict = {}
    for concept in concepts:
        label = labels[concept]
        if label is not None:
            names[concept] = label.value
            continue
        found = pick(triples.objects(concept, RDFS + "label"), lang)
        if found is not None:
            names[concept], sources[concept] = found.value, "rdfs:label"
            continue
        notation = literals(triples.objects(concept, SKOS + "notation"))
        if notation:
            names[concept], sources[concept] = notation[0].value, "notation"
        else:
            names[concept], sources[concept] = local_name(concept.value), "iri"
    return names, sources


def _reference_texts(names: dict) -> dict:
    """How a link names each concept: its name when no other concept's folds the same, else
    its IRI (a shared name never decides where a link goes)."""
    folded = {c: fold(name) for c, name in names.items()}
    counts = Counter(folded.values())
    return {c: name if counts[folded[c]] == 1 else c.value for c, name in names.items()}


_SUFFIX = re.compile(r"-\d+$")


def _concepts_keeping_iri(concepts: list, slugs: dict, base_iri: str) -> set:
    """Concepts whose IRI is not `base_iri + slug`, or whose id may change: keep the IRI.

    Shared slugs get numbered ids in load order, which a YAML folder does not
    keep; a slug that looks like a numbered shared one (``bank-2``) could be
    taken by one of them.
    """
    counts = Counter(slugs.values())
    shared = {slug for slug, count in counts.items() if count > 1}
    return {c for c in concepts if c.value != base_iri + slugs[c] or slugs[c] in shared
            or (shared and _SUFFIX.sub("", slugs[c]) in shared)}


def _concept_schemes(triples: Triples, concepts: list) -> dict[Any, tuple[set, set, set]]:
    """Concept -> (inScheme, topConceptOf, schemes listing it with hasTopConcept)."""
    found: dict[Any, tuple[set, set, set]] = {
        c: (set(triples.objects(c, SKOS + "inScheme")), set(triples.objects(c, SKOS + "topConceptOf")),
            set()) for c in concepts}
    for scheme, concept in triples.pairs(SKOS + "hasTopConcept"):
        if concept in found:
            found[concept][2].add(scheme)
    return found


def _scheme_fields(triples: Triples, concepts: list, memberships: dict, main_iri: str) -> dict:
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


def _scheme(triples: Triples, schemes: list, concepts: list, labels: dict, lang: str,
            defaults: Scheme) -> Scheme:
    """Title, base IRI and label language of the vocabulary."""
    title = defaults.title
    base = None
    if len(schemes) == 1:
        for predicate in TITLES:
            found = pick(triples.objects(schemes[0], predicate), lang)
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


def _categories(triples: Triples, lang: str) -> dict[Any, list[tuple[str, str]]]:
    """Concept -> (label, IRI) of the collections it is a member of."""
    members: dict[Any, set[tuple[str, str]]] = defaultdict(set)
    for collection in triples.subjects_of_type(SKOS + "Collection"):
        label = pick(triples.objects(collection, SKOS + "prefLabel"), lang)
        name = label.value if label is not None else local_name(collection.value)
        for member in triples.objects(collection, SKOS + "member"):
            members[member].add((name, collection.value))
    return {member: sorted(found) for member, found in members.items()}
