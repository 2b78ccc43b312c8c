"""Reference rules (GG1xx): every relationship entry names exactly one other term, by label."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import fold
from .registry import CheckContext, Problem, quote_list, relation_phrase, rule
from .similar import CloseNames

__all__ = [
    "broken_reference",
    "alias_reference",
    "self_reference",
    "ambiguous_reference",
    "duplicate_link",
    "did_you_mean",
]


def _names(ctx: CheckContext) -> dict[str, str]:
    """Folded label or alias -> the label of its term (labels first), built once per run."""
    if "names" not in ctx.cache:  # the resolver's folded keys: folding them again was 0.18 s at 100k
        ctx.cache["names"] = ctx.glossary.names()
    return ctx.cache["names"]


def _close_names(ctx: CheckContext, limit: int) -> CloseNames:
    """The fuzzy matcher over every folded label and alias, one per run and limit."""
    key = f"close-names-{limit}"
    if key not in ctx.cache:
        names = list(_names(ctx))
        known = ctx.memo.table("close-names", names, limit, 80, CloseNames.VERSION)
        ctx.cache[key] = CloseNames(names, limit=limit, cutoff=80, found=known)
    return ctx.cache[key]


def did_you_mean(ctx: CheckContext, text: str, limit: int = 3, exclude: str | None = None) -> list[str]:
    """Labels of the terms whose label or alias looks like `text`, best first."""
    names = _names(ctx)
    found = _close_names(ctx, limit * 3).extract(fold(text))
    labels: list[str] = []
    for key, _score, _ in found:
        if names[key] not in labels and names[key] != exclude:
            labels.append(names[key])
    return labels[:limit]


@rule("GG101", "broken-reference", "error", reads=["links"])
def broken_reference(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a broader, narrower or related entry that names no term:
        no label, alias or slug matches it.

    Why it matters:
        The link silently disappears from every view and export (SKOS
        tools drop it or invent an empty concept), so readers never
        reach the term the author meant.

    Example:
        term: alpha
        relationships:
          related: [delt]      # no term 'delt' (did you mean 'delta'?)

    Fix:
        Correct the entry to an existing label, or add the missing term.
    """
    unresolved = ctx.glossary.unresolved
    _close_names(ctx, 9).prefetch(fold(item.reference.text) for item in unresolved)
    for item in unresolved:
        owner = ctx.glossary.terms[item.source]
        ref = item.reference
        close = did_you_mean(ctx, ref.text, exclude=owner.label)
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
        message = f"'{owner.label}' {relation_phrase(ref.relation)} '{ref.text}', which is not a term{hint}"
        suggestion = f"replace with '{close[0]}'" if close else "add the term or remove the entry"
        yield Problem.at_reference(owner, ref, message, suggestion=suggestion)


@rule("GG102", "alias-reference", "warning", fixable=True, reads=["links"])
def alias_reference(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports an entry that names a term by one of its aliases (or its
        slug) instead of its label.

    Why it matters:
        Aliases change and can be taken by another term later; the label
        is the one stable name. Exports and reviews read better with it.
        (An IRI, and an id the entries declare through `fields` (`id =
        "slug"`), are stable names too: entries naming them are fine.)

    Example:
        term: alpha
        relationships:
          related: [d]         # 'd' is an alias of 'delta'

    Fix:
        Replace the entry with the label (`glossgraph fix` does it).
    """
    for link in ctx.glossary.links:
        if link.via in ("label", "iri", "id") or link.source == link.target:
            continue
        owner, target = ctx.glossary.terms[link.source], ctx.glossary.terms[link.target]
        ref = link.reference
        message = (f"'{owner.label}' {relation_phrase(ref.relation)} '{ref.text}', "
                   f"{'the slug' if link.via == 'slug' else 'an alias'} of '{target.label}'; use the label")
        yield Problem.at_reference(owner, ref, message, suggestion=f"replace with '{target.label}'")


@rule("GG103", "self-reference", "error", reads=["links"])
def self_reference(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a term that lists itself as broader, narrower or related,
        by its label or through one of its own aliases.

    Why it matters:
        A concept cannot be broader than or related to itself; SKOS
        viewers show a loop and hierarchy checks get confused.

    Example:
        term: alpha
        aliases: [a]
        relationships:
          related: [a]

    Fix:
        Remove the entry, or point it at the term that was meant.
    """
    for link in ctx.glossary.links:
        if link.source != link.target:
            continue
        owner, ref = ctx.glossary.terms[link.source], link.reference
        how = "" if link.via == "label" else f" (through its {link.via} '{ref.text}')"
        message = f"'{owner.label}' lists itself as {ref.relation}{how}"
        yield Problem.at_reference(owner, ref, message, suggestion="remove the entry")


@rule("GG104", "ambiguous-reference", "error", reads=["links"])
def ambiguous_reference(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports an entry that matches several terms (an alias or slug
        shared by more than one term).

    Why it matters:
        glossgraph cannot tell which term is meant, so the link is left
        out of every view.

    Example:
        term: alpha
        relationships:
          related: [ml]        # alias of both 'machine learning' and 'maximum likelihood'

    Fix:
        Name the term by its label.
    """
    for item in ctx.glossary.ambiguous:
        owner, ref = ctx.glossary.terms[item.source], item.reference
        labels = [ctx.label(c) for c in item.candidates]
        message = (f"'{owner.label}' {relation_phrase(ref.relation)} '{ref.text}', "
                   f"which matches several terms: {quote_list(labels)}")
        yield Problem.at_reference(owner, ref, message,
                                   suggestion=f"use one label: {quote_list(labels)}")


@rule("GG105", "duplicate-link", "warning", fixable=True, quotes_lines=True, reads=["links"])
def duplicate_link(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports the second and later entries of one relation that name
        the same term (even through different aliases).

    Why it matters:
        Duplicates add nothing, inflate counts, and break schemas that ask
        for unique items.

    Example:
        term: alpha
        relationships:
          related: [delta, Delta]

    Fix:
        Drop the repeated entry (`glossgraph fix` does it).
    """
    for owner, ref, first in duplicate_references(ctx):
        line = f" (first at line {first.position.line})" if first.position and first.position.line else ""
        message = f"'{owner.label}' lists {ref.relation} '{ref.text}' more than once{line}"
        yield Problem.at_reference(owner, ref, message, suggestion="remove the repeated entry")


def duplicate_references(ctx: CheckContext) -> Iterator[tuple]:
    """(term, repeated reference, first reference) for every repeated entry."""
    target_of = {id(link.reference): link.target for link in ctx.glossary.links}
    for owner in ctx.glossary:
        seen: dict[tuple[str, str], object] = {}
        for ref in owner.references:
            key = (ref.relation, target_of.get(id(ref)) or "?" + fold(ref.text))
            if key in seen:
                yield owner, ref, seen[key]
            else:
                seen[key] = ref
