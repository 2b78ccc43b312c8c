"""GG501-GG505 in the rule catalogue: `glossgraph rules GG501`, and `check --select GG5`.

Each rule reports its own suggestions (that rule alone, ranked, each term's
best `DEFAULT_TOP`); `glossgraph suggest` combines them. Severity
"suggestion": `check` runs these only when `--select` names them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..checks.registry import CheckContext, Problem, rule

__all__ = ["suggestion_problems"]

#: What the suggestion rules read: names, links and hierarchy, definitions (SKOS ones in extra).
READS = ("links", "hierarchy", "short_def", "long_def", "extra", "audiences", "examples", "governance")


def suggestion_problems(ctx: CheckContext, code: str) -> Iterator[Problem]:
    """The suggestions of one rule as problems, each at the place the link would be written."""
    from . import suggest_in
    from .context import SuggestContext

    shared = ctx.cache.get("suggest") or ctx.cache.setdefault("suggest", SuggestContext(ctx.glossary))
    for item in suggest_in(shared, [code]):
        owner = ctx.glossary.terms[item.term_id]
        where = owner.position_of(_path(owner, item.relation))
        yield Problem(owner, item.message, where, target=item.target, relation=item.relation,
                      suggestion=item.evidence)


def _path(owner, relation: str) -> str:
    for path in (["aliases"] if relation == "alias" else
                 [f"relationships.{relation}", "relationships"]):
        if path in owner.positions:
            return path
    return ""


@rule("GG501", "unlinked-mention", "suggestion", reads=READS)
def unlinked_mention(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Proposes a related link when a term's definitions name another term (its label or an
        alias, word for word, any case, any inflection) that it is not linked to.

    Why it matters:
        A definition that mentions a term without linking it leaves readers without the way
        to it, and the graph without a link the author already had in mind.

    Example:
        term: jailbreak prompt
        short_def: A prompt crafted to get around guardrails.
        # 'guardrails' is a term; no link between them

    Fix:
        Add the link (`relationships: related: [guardrails]`), or run
        `glossgraph suggest --select GG501 --write` and review the diff.
    """
    return suggestion_problems(ctx, "GG501")


@rule("GG502", "label-inclusion", "suggestion", reads=READS)
def label_inclusion(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Proposes a broader link when a term's label ends with another term's label, its head
        ("incident response" in "ai incident response"), and the two are not linked.

    Why it matters:
        An "ai incident response" is a kind of "incident response": without the broader
        link the hierarchy misses it. Only the most specific head that is a term counts,
        and only whole words ("response" is no head of "responsibility").

    Example:
        term: ai incident response
        # 'incident response' is a term; no broader link

    Fix:
        Add `relationships: broader: [incident response]`, or accept the suggestion with
        `glossgraph suggest --select GG502 --write`.
    """
    return suggestion_problems(ctx, "GG502")


@rule("GG503", "similar-definitions", "suggestion", reads=READS)
def similar_definitions(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Proposes a related link between terms whose labels, aliases and definitions use the
        same rare words (TF-IDF cosine, each term's most similar terms).

    Why it matters:
        Terms described in the same words usually belong together; a missing link hides
        one from readers of the other.

    Example:
        term: prompt registry
        short_def: A versioned store of approved prompts and prompt templates.
        # 'prompt engineering' is described with the same words; no link

    Fix:
        Read both definitions; link them as related if they belong together.
    """
    return suggestion_problems(ctx, "GG503")


@rule("GG504", "shared-neighbours", "suggestion", reads=READS)
def shared_neighbours(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Proposes a related link between terms linked to many of the same terms (resource
        allocation index: each shared neighbour counts 1/its number of links).

    Why it matters:
        Two terms that share several specific neighbours are usually related themselves;
        the link is what a reader following either one expects to find.

    Example:
        term: model card
        relationships:
          related: [datasheet, transparency report]
        # 'system card' is related to both, not to 'model card'

    Fix:
        Link them as related if they belong together.
    """
    return suggestion_problems(ctx, "GG504")


@rule("GG505", "near-duplicate", "suggestion", reads=READS)
def near_duplicate(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports two terms whose labels or short definitions are nearly the same (rapidfuzz
        ratio of at least 90 of 100), candidates to merge.

    Why it matters:
        Two entries for one concept split its links, definitions and reviews in two.

    Example:
        term: hallucination
        ---
        term: hallucinations
        short_def: When a model states something false as fact.

    Fix:
        Keep one term, make the other's label one of its aliases, and move its links.
    """
    return suggestion_problems(ctx, "GG505")
