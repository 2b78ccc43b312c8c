"""Label rules (GG3xx): every term has one clean, unique name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from os.path import basename

from ..model import Term, fold, slugify
from .registry import CheckContext, Problem, rule

__all__ = [
    "duplicate_term",
    "label_collision",
    "slug_mismatch",
    "label_whitespace",
    "alias_repeats_label",
    "missing_preferred_label",
    "duplicate_id",
    "tidy_label",
]

_YAML_SUFFIXES = (".yml", ".yaml")
_SPACES = re.compile(r"\s+")


def tidy_label(label: str) -> str:
    """The label with surrounding whitespace removed and inner runs of whitespace made one space.

    >>> tidy_label("  large   language model ")
    'large language model'
    """
    return _SPACES.sub(" ", label).strip()


def _where(term: Term) -> str:
    return f" ({term.position})" if term.position else ""


@rule("GG301", "duplicate-term", "error", reads=["labels"])
def duplicate_term(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a term whose label equals the label of an earlier term,
        compared after Unicode, case and whitespace folding.

    Why it matters:
        References to that label match both terms, so they are ambiguous,
        and the two entries drift apart.

    Example:
        # alpha.yml            # Alpha.yml
        term: alpha            term: Alpha

    Fix:
        Merge the two terms, or rename one.
    """
    first: dict[str, Term] = {}
    for term in ctx.glossary:
        key = fold(term.label)
        if key in first:
            other = first[key]
            message = f"'{term.label}' has the same label as '{other.label}'{_where(other)}"
            yield Problem(term, message, term.position_of("term"), target=other.label,
                          suggestion="merge the two terms or rename one")
        else:
            first[key] = term


@rule("GG302", "label-collision", "warning", reads=["labels"])
def label_collision(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports an alias equal to another term's label or alias.

    Why it matters:
        A reference by that name is resolved to the label's term (or is
        ambiguous), so links meant for this term go elsewhere.

    Example:
        term: alpha
        aliases: [beta]        # and 'beta' is a term of its own

    Fix:
        Remove or change the alias.
    """
    owners: dict[str, list[Term]] = defaultdict(list)
    labels = {fold(term.label): term for term in ctx.glossary}
    for term in ctx.glossary:
        for key in {fold(alias) for alias in term.aliases}:
            owners[key].append(term)
    for term in ctx.glossary:
        for index, alias in enumerate(term.aliases):
            key = fold(alias)
            other = labels.get(key)
            if other is not None and other is not term:
                yield Problem(term, f"alias '{alias}' of '{term.label}' is the label of "
                              f"'{other.label}'", term.position_of(f"aliases[{index}]"),
                              target=other.label, suggestion="remove or change the alias")
                continue
            others = [o for o in owners[key] if o is not term]
            if others:  # the position only for a finding: it unpacks the term's field positions
                yield Problem(term, f"alias '{alias}' of '{term.label}' is also an alias of "
                              f"'{others[0].label}'", term.position_of(f"aliases[{index}]"),
                              target=others[0].label, suggestion="keep the alias on one term only")


@rule("GG303", "slug-mismatch", "info", scope="file", reads=["label", "position"])
def slug_mismatch(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a file holding one term whose name is not the slug of the
        term's label (`Large Language Model` belongs in
        `large-language-model.yml`).

    Why it matters:
        People find a term's file by its name; a stale name after a rename
        sends them to the wrong place.

    Example:
        # llm.yml
        term: large language model

    Fix:
        Rename the file to the slug shown.
    """
    per_file = Counter(term.file for term in ctx.glossary if term.file)
    for term in ctx.glossary:
        file = term.file
        if not file or per_file[file] != 1 or not file.lower().endswith(_YAML_SUFFIXES):
            continue
        name, stem, suffix = _file_name(file)
        expected = slugify(term.label)
        if stem != expected:
            message = (f"file name '{name}' is not the slug of '{term.label}' "
                       f"(expected '{expected}{suffix}')")
            yield Problem(term, message, suggestion=f"rename the file to {expected}{suffix}")


def _file_name(file: str) -> tuple[str, str, str]:
    """(name, stem, suffix) as PurePath gives them, without building a path per term.

    >>> _file_name("terms/000/large-language-model.yml")
    ('large-language-model.yml', 'large-language-model', '.yml')
    >>> _file_name("a/.yml")
    ('.yml', '.yml', '')
    """
    name = basename(file.rstrip("/"))
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        return name, name[:dot], name[dot:]
    return name, name, ""


@rule("GG304", "label-whitespace", "warning", fixable=True, scope="file", reads=["labels"])
def label_whitespace(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports an empty label, and labels or aliases with leading or
        trailing whitespace or doubled spaces.

    Why it matters:
        Invisible differences make two names look equal to people but not
        to exact-match tools, and an empty label names nothing.

    Example:
        term: 'large  language model '

    Fix:
        Trim and collapse the spaces (`glossgraph fix`); give empty labels a name.
    """
    for term in ctx.glossary:
        names = [("term", "label", term.label)]
        names += [(f"aliases[{i}]", "alias", a) for i, a in enumerate(term.aliases)]
        for path, kind, name in names:
            if kind == "label" and not name.strip():
                yield Problem(term, "the term has an empty label", term.position_of(path))
            elif name and tidy_label(name) != name:
                message = f"{kind} '{name}' has extra whitespace (should be '{tidy_label(name)}')"
                yield Problem(term, message, term.position_of(path),
                              suggestion=f"write '{tidy_label(name)}'")


@rule("GG305", "alias-repeats-label", "info", fixable=True, scope="file", reads=["labels"])
def alias_repeats_label(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports an alias equal to the term's own label (after folding).

    Why it matters:
        It adds nothing, and clutters search results and exports.

    Example:
        term: alpha
        aliases: [Alpha]

    Fix:
        Remove the alias (`glossgraph fix` does it).
    """
    for term in ctx.glossary:
        label = fold(term.label)
        for index, alias in enumerate(term.aliases):
            if fold(alias) == label:
                message = f"alias '{alias}' of '{term.label}' repeats its label"
                yield Problem(term, message, term.position_of(f"aliases[{index}]"),
                              suggestion="remove the alias")


#: How a term without prefLabel got its name (the ``label_source`` the SKOS import keeps).
_NAMED_BY = {"rdfs:label": "its rdfs:label", "notation": "its skos:notation", "iri": "its IRI"}


def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


@rule("GG306", "missing-preferred-label", "warning", scope="file", reads=["label", "extra"])
def missing_preferred_label(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a concept that has no skos:prefLabel in the glossary's
        language (`--lang`, else the language most labels use): none at
        all, or only in other languages. Untagged labels count for every
        language.

    Why it matters:
        glossgraph shows such a concept by another name (a prefLabel in
        another language, its rdfs:label, notation or IRI) but never
        invents a prefLabel; readers and SKOS tools working in that
        language see no name for it.

    Example:
        <https://example.org/t/widget> a skos:Concept ;
            rdfs:label "Widget"@en .     # no skos:prefLabel

    Fix:
        Add a skos:prefLabel in that language (in YAML: the `term` field,
        without `label_source`, and `language` when it is not the
        glossary's).
    """
    # the configured language first: a file checked on its own has no scheme, only the config
    wanted = _primary(ctx.glossary.config.get("language") or ctx.glossary.scheme.language or "")
    for term in ctx.glossary:
        extra = term.extra
        if not extra:
            continue
        source = extra.get("label_source")
        if source in _NAMED_BY:
            message = f"'{term.label}' has no skos:prefLabel; it is shown by {_NAMED_BY[source]}"
            yield Problem(term, message, suggestion="add a skos:prefLabel")
            continue
        tag = extra.get("language")
        if isinstance(tag, str) and tag and wanted and _primary(tag) != wanted:
            message = (f"'{term.label}' has no skos:prefLabel in '{wanted}'; "
                       f"it is shown by its '{tag}' label")
            yield Problem(term, message, suggestion=f"add a skos:prefLabel in '{wanted}'")


@rule("GG307", "duplicate-id", "error", reads=["labels", "extra"])
def duplicate_id(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a term whose IRI (its `iri` field, or the glossary's base
        IRI and its id) is the IRI of an earlier term, and a term that
        declares the id (the configured `id` key, such as glosario's
        `slug`) of an earlier term.

    Why it matters:
        In RDF a concept is its IRI: two terms with one IRI become one
        concept with two prefLabels, and their links run between the
        merged pair, so SPARQL, exports and counts are wrong. A repeated
        declared id makes every reference by that id ambiguous (GG104), and
        the later term is exported under a made-up id (`slug-2`).

    Example:
        # alpha.yml                           # beta.yml
        term: alpha                           term: beta
        iri: https://example.org/t/x          iri: https://example.org/t/x

    Fix:
        Give each term its own IRI or id, or merge the two terms.
    """
    iris: dict[str, Term] = {}
    declared: dict[str, Term] = {}
    for term in ctx.glossary:
        iri = ctx.glossary.iri(term)
        other = iris.setdefault(iri, term)
        if other is not term:
            where = "iri" if "iri" in term.positions else "term"
            yield Problem(term, f"'{term.label}' has the IRI <{iri}> of '{other.label}'{_where(other)}",
                          term.position_of(where), target=other.label,
                          suggestion="give each term its own IRI, or merge the two terms")
            continue
        if term.declared_id is None:
            continue
        other = declared.setdefault(term.declared_id, term)
        if other is not term:
            yield Problem(term, f"'{term.label}' declares the id '{term.declared_id}' of "
                          f"'{other.label}'{_where(other)}; it is exported as '{term.id}'",
                          term.position_of("id"), target=other.label,
                          suggestion="give each term its own id, or merge the two terms")
