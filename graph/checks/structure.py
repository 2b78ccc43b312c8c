"""Structure rules (GG2xx): the shape of the graph of links."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import INVERSE, Link
from ..views.links import link_components, linked_ids
from .registry import CheckContext, Problem, quote_list, rule

__all__ = [
    "orphan",
    "missing_inverse_hierarchy",
    "one_way_related",
    "hierarchy_cycle",
    "relation_clash",
    "redundant_broader",
    "disconnected_cluster",
    "missing_inverses",
    "ARROW",
]

ARROW = " → "


def _first_links(ctx: CheckContext) -> dict[tuple[str, str, str], Link]:
    """(source, target, relation) -> the first declared link, built once per run."""
    if "links" not in ctx.cache:
        first: dict[tuple[str, str, str], Link] = {}
        for link in ctx.glossary.links:
            first.setdefault((link.source, link.target, link.relation), link)
        ctx.cache["links"] = first
    return ctx.cache["links"]


def _broader_link(ctx: CheckContext, child: str, parent: str) -> Link | None:
    """The declaration behind child -> parent: child's broader entry, else parent's narrower one."""
    links = _first_links(ctx)
    return links.get((child, parent, "broader")) or links.get((parent, child, "narrower"))


def _at_link(ctx: CheckContext, link: Link | None, fallback: str, message: str, **kwargs) -> Problem:
    if link is None:
        return Problem(ctx.glossary.terms[fallback], message, **kwargs)
    owner = ctx.glossary.terms[link.source]
    return Problem(owner, message, link.reference.position or owner.position,
                   target=link.reference.text, relation=link.relation, **kwargs)


@rule("GG201", "orphan", "warning", reads=["links"])
def orphan(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a term with no link to or from any other term. Deprecated
        terms are exempt, and so is every term when the config says
        `flat = true`.

    Why it matters:
        An orphan cannot be reached by browsing; it is often a term whose
        links were lost in a rename.

    Example:
        term: alpha            # no relationships, and no term names it

    Fix:
        Link it to a broader or related term.
    """
    if ctx.flat:
        return
    linked = linked_ids(ctx.glossary)
    for term in ctx.glossary:
        if term.is_deprecated:
            continue
        if term.id not in linked:
            yield Problem(term, f"'{term.label}' has no links to or from other terms",
                          suggestion="add a broader or related term")


def missing_inverses(ctx: CheckContext, relations: tuple[str, ...]) -> Iterator[tuple[Link, str]]:
    """(declared link, missing inverse relation) for links the other term does not declare back."""
    if "missing_inverses" not in ctx.cache:  # found once for GG202 and GG203
        ctx.cache["missing_inverses"] = [(link, INVERSE[link.relation])
                                         for link in _missing_inverse_links(ctx)]
    return (item for item in ctx.cache["missing_inverses"] if item[0].relation in relations)


def _missing_inverse_links(ctx: CheckContext) -> list[Link]:
    """The plain pass over the links (`LinkTable.missing_inverses` does it with arrays)."""
    declared = ctx.declared
    seen: set[tuple[str, str, str]] = set()
    missing = []
    for link in ctx.glossary.links:
        source, target, relation = link.source, link.target, link.relation
        if source == target or (target, source, INVERSE[relation]) in declared:
            continue  # most links are declared back: test that first
        key = (source, target, relation)
        if key not in seen:  # the first of repeated declarations
            seen.add(key)
            missing.append(link)
    return missing


@rule("GG202", "missing-inverse-hierarchy", "warning", fixable=True, reads=["links"])
def missing_inverse_hierarchy(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports A declaring broader B when B does not declare narrower A,
        or A declaring narrower B when B does not declare broader A.

    Why it matters:
        Readers of B's file (and tools that read one side only) do not see
        the link; the two files disagree about the hierarchy.

    Example:
        term: alpha
        relationships:
          broader: [beta]      # but beta.yml has no `narrower: [alpha]`

    Fix:
        Add the inverse entry to the other term's file (`glossgraph fix`).
    """
    for link, inverse in missing_inverses(ctx, ("broader", "narrower")):
        owner, other = ctx.glossary.terms[link.source], ctx.glossary.terms[link.target]
        message = (f"'{owner.label}' has {link.relation} '{other.label}', but '{other.label}' "
                   f"does not list '{owner.label}' as {inverse}")
        yield Problem.at_reference(owner, link.reference, message,
                                   suggestion=f"add '{owner.label}' to {inverse} of '{other.label}'")


@rule("GG203", "one-way-related", "warning", fixable=True, reads=["links"])
def one_way_related(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports A declaring related B when B does not declare related A.

    Why it matters:
        `related` is symmetric in SKOS; a one-sided entry means B's page
        misses the link and the two files disagree.

    Example:
        term: alpha
        relationships:
          related: [beta]      # but beta.yml does not list alpha

    Fix:
        Add the inverse entry to the other term's file (`glossgraph fix`).
    """
    for link, _ in missing_inverses(ctx, ("related",)):
        owner, other = ctx.glossary.terms[link.source], ctx.glossary.terms[link.target]
        message = f"'{owner.label}' is related to '{other.label}', but not the other way round"
        yield Problem.at_reference(owner, link.reference, message,
                                   suggestion=f"add '{owner.label}' to related of '{other.label}'")


@rule("GG204", "hierarchy-cycle", "error", reads=["hierarchy"])
def hierarchy_cycle(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports each set of terms tied in a cycle of broader links
        (declared broader plus inverted narrower) once, with one concrete
        cycle through it and the list of all its members.

    Why it matters:
        A term cannot be (transitively) broader than itself; trees,
        breadcrumbs and SKOS reasoners break on cycles.

    Example:
        term: alpha
        relationships:
          broader: [beta]      # and beta has broader alpha

    Fix:
        Remove one broader (or narrower) entry of the cycle shown.
    """
    for members, parents in ctx.hierarchy_index.cycles():
        cycle = _one_cycle(ctx, parents)
        labels = sorted(ctx.label(m) for m in members)
        shown = ARROW.join(ctx.label(node) for node in [*cycle, cycle[0]])
        message = f"broader cycle: {shown} ({len(members)} terms in the cycle: {quote_list(labels)})"
        link = _broader_link(ctx, cycle[0], cycle[1])
        yield _at_link(ctx, link, cycle[0], message,
                       suggestion=f"remove one broader link of the cycle {shown}")


def _one_cycle(ctx: CheckContext, parents: dict[str, list[str]]) -> list[str]:
    """The nodes of one cycle (`networkx.find_cycle` from the alphabetically first label),
    starting at its alphabetically first label."""
    import networkx

    start = min(parents, key=ctx.label)
    nodes = [u for u, _ in networkx.find_cycle(networkx.DiGraph(parents), start)]
    first = min(range(len(nodes)), key=lambda i: ctx.label(nodes[i]))
    return nodes[first:] + nodes[:first]


@rule("GG205", "relation-clash", "error", reads=["hierarchy"])
def relation_clash(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports `related` between two terms that are also linked by
        broader, directly or through a chain (SKOS integrity condition S27).

    Why it matters:
        `related` means associative, not hierarchical; SKOS declares the two
        disjoint, and the clash usually hides a mislabelled link.

    Example:
        term: alpha
        relationships:
          broader: [beta]
          related: [beta]

    Fix:
        Keep the hierarchical link and remove the related entry.
    """
    for link, chain in ctx.hierarchy_index.clashes():
        owner = ctx.glossary.terms[link.source]
        message = (f"'{owner.label}' is related to '{ctx.label(link.target)}', "
                   f"but they are also linked by broader: {ARROW.join(map(ctx.label, chain))}")
        yield Problem.at_reference(owner, link.reference, message, suggestion="remove the related entry")


@rule("GG206", "redundant-broader", "info", reads=["hierarchy"])
def redundant_broader(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports A broader C when a longer chain of broader links (A broader
        B, B broader C) already implies it, and shows that chain.

    Why it matters:
        The shortcut adds nothing to the hierarchy and makes trees show A
        twice under C.

    Example:
        term: alpha
        relationships:
          broader: [beta, gamma]   # and beta has broader gamma

    Fix:
        Remove the direct broader entry (keep the more specific parent).
    """
    for child, parent, chain in ctx.hierarchy_index.redundant():
        link = _broader_link(ctx, child, parent)
        if link is not None and link.relation == "narrower":
            said = f"'{ctx.label(parent)}' has narrower '{ctx.label(child)}'"
        else:
            said = f"'{ctx.label(child)}' has broader '{ctx.label(parent)}'"
        yield _at_link(ctx, link, child, f"{said}, already implied by {ARROW.join(map(ctx.label, chain))}",
                       suggestion="remove this entry; the longer chain implies it")


@rule("GG207", "disconnected-cluster", "info", reads=["links"])
def disconnected_cluster(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports each group of linked terms that has no link to the largest
        group, with its members. Single orphans are GG201; nothing is
        reported when the config says `flat = true`.

    Why it matters:
        A separate island is usually a missing broader link to the main
        hierarchy, and browsing from the top never reaches it.

    Example:
        alpha related beta, and neither links to the rest of the glossary

    Fix:
        Link one member of the cluster to the main body.
    """
    if ctx.flat:
        return
    # The weak components of the networkx view, found from the links without building it;
    # largest first, then by first label (the main body is skipped, so never sorted itself).
    components = link_components(ctx.glossary)
    order = sorted(range(len(components)), key=lambda i: (-len(components[i]),
                                                          min(map(ctx.label, components[i]))))
    for index in order[1:]:
        if len(components[index]) < 2:
            continue
        members = sorted(components[index], key=ctx.label)
        owner = ctx.glossary.terms[members[0]]
        labels = [ctx.label(m) for m in members]
        message = f"{len(members)} terms not linked to the rest of the glossary: {quote_list(labels)}"
        yield Problem(owner, message, suggestion="link one of them to the main hierarchy")
