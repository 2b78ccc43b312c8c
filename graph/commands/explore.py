"""Exploration commands: stats, show, search, path, tree, neighbors."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Any

import click

from .. import explore
from ..errors import UnknownTermError
from ..search import search_terms
from ..wording import plural
from .options import data_options, echo_json, format_option, open_glossary, resolve_data_path

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> str:
    """Fill to WIDTH between words only: a name like "human-in-the-loop" is never split."""
    return textwrap.fill(" ".join(str(text).split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _section(title: str, lines: list[str]) -> list[str]:
    return [click.style(title, bold=True), *lines, ""] if lines else []


@click.command()
@data_options
@format_option("text", "json")
def stats(glossary_options: dict, fmt: str) -> None:
    """Counts: terms, links by relation, resolution, hierarchy, categories, statuses."""
    glossary = open_glossary(glossary_options)
    data = explore.glossary_stats(glossary)
    if fmt == "json":
        echo_json(data)
        return
    for line in _stats_lines(data):
        click.echo(line)


def _stats_lines(data: dict[str, Any]) -> list[str]:
    links = data["links"]
    tops = data["top_concepts"]
    shown = ", ".join(tops[:8]) + (f", ... ({len(tops) - 8} more)" if len(tops) > 8 else "")
    lines = [
        f"Glossary:      {data['title']} ({data['source']})",
        f"Terms:         {data['terms']} in {plural(data['files'], 'file')}"
        + (f" ({data['unloaded_files']} could not be loaded)" if data["unloaded_files"] else ""),
        f"Links:         {data['links_total']} declared "
        f"(broader {links['broader']}, narrower {links['narrower']}, related {links['related']})",
        f"References:    {data['references']} ({data['resolved']} resolved, "
        f"{data['unresolved']} unresolved, {data['ambiguous']} ambiguous)",
        f"Top concepts:  {len(tops)}" + (f": {shown}" if tops else ""),
        f"Depth:         {data['depth']} levels",
        f"Components:    {data['components']}",
        f"Load problems: {data['load_findings']}",
        "Categories:",
    ]
    lines += [f"  {count:>5}  {name}" for name, count in data["categories"].items()]
    lines.append("Statuses:")
    lines += [f"  {count:>5}  {name}" for name, count in data["statuses"].items()]
    return lines


@click.command()
@click.argument("term")
@data_options
@format_option("text", "json")
@click.option("--suggestions", "with_suggestions", is_flag=True,
              help="Also list the links `glossgraph suggest` proposes for it (reads the whole glossary).")
def show(term: str, glossary_options: dict, fmt: str, with_suggestions: bool) -> None:
    """Print the card of TERM (a label, alias or slug)."""
    glossary = open_glossary(glossary_options)
    found = glossary.find(term)
    card = explore.term_card(glossary, found)
    if with_suggestions:
        from ..suggest import suggest

        card["suggestions"] = [s.to_dict() for s in suggest(glossary) if s.term_id == found.id]
    if fmt == "json":
        echo_json(card)
        return
    click.echo("\n".join(card_lines(card)).rstrip())


def card_lines(card: dict[str, Any]) -> list[str]:
    """The term card as text lines."""
    lines = [click.style(card["term"], bold=True, fg="cyan")]
    for name, key in (("aliases", "aliases"), ("categories", "categories"), ("roles", "roles"),
                      ("part of speech", "part_of_speech")):
        value = card.get(key)
        if value:
            lines.append(f"  {name}: {', '.join(value) if isinstance(value, list) else value}")
    status = card.get("status") or "(no status)"
    review = f", last reviewed {card['last_reviewed']}" if card.get("last_reviewed") else ""
    lines += [f"  status: {status}{review}", ""]
    lines += _section("Definition", [_wrap(card["short_def"])] if card.get("short_def") else [])
    lines += _section("Details", [_wrap(card["long_def"])] if card.get("long_def") else [])
    audiences = card.get("audiences") or {}
    lines += _section("Audiences", [_wrap(f"{k}: {v}") for k, v in audiences.items()])
    examples = card.get("examples") or {}
    lines += _section("Do", [_wrap(f"- {x}") for x in examples.get("do") or []])
    lines += _section("Don't", [_wrap(f"- {x}") for x in examples.get("dont") or []])
    lines += _section("Governance", _governance_lines(card.get("governance") or {}))
    lines += _section("Relations", _relation_lines(card))
    lines += _section("Citations", _citation_lines(card.get("citations") or []))
    lines += _section("Suggestions", [_wrap(f"{s['relation']}: {s['target']} ({s['code']}, score "
                                            f"{s['score']:.2f}): {s['evidence']}")
                                      for s in card.get("suggestions") or []])
    extra = [f"  {k}: {v}" for k, v in card.items() if k not in _CARD_KEYS]
    lines += _section("Other fields", extra)
    lines += [f"License: {card['license']}"] if card.get("license") else []
    lines.append(f"Source: {card['file']}:{card['line']}" if card.get("file") else "Source: -")
    return lines


_CARD_KEYS = {
    "suggestions", "term", "aliases", "categories", "roles", "part_of_speech", "short_def", "long_def",
    "audiences", "examples", "governance", "relationships", "citations", "license", "status",
    "last_reviewed", "id", "iri", "broader", "broader_chains", "narrower", "related",
    "linked_from", "unresolved", "file", "line",
}


def _governance_lines(governance: dict[str, Any]) -> list[str]:
    lines = []
    if governance.get("nist_rmf_tags"):
        lines.append(f"  NIST AI RMF: {', '.join(map(str, governance['nist_rmf_tags']))}")
    if governance.get("risk_notes"):
        lines.append(_wrap(f"risk notes: {governance['risk_notes']}"))
    lines += [f"  {k}: {v}" for k, v in governance.items() if k not in ("nist_rmf_tags", "risk_notes")]
    return lines


def _relation_lines(card: dict[str, Any]) -> list[str]:
    lines = [f"  broader: {' > '.join(chain)}" for chain in card["broader_chains"]]
    for relation in ("narrower", "related"):
        if card[relation]:
            lines.append(_wrap(f"{relation}: {', '.join(card[relation])}"))
    for item in card["unresolved"]:
        lines.append(f"  {item['relation']}: {item['reference']} (not a term)")
    if card["linked_from"]:
        text = ", ".join(f"{item['term']} ({item['relation']})" for item in card["linked_from"])
        lines.append(_wrap(f"linked from: {text}"))
    return lines


def _citation_lines(citations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for citation in citations:
        source = citation.get("source") or "(no source)"
        url = f" <{citation['url']}>" if citation.get("url") else ""
        lines.append(f"  - {source}{url}")
    return lines


@click.command()
@click.argument("text")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1), help="Most results.")
@data_options
@format_option("text", "json")
def search(text: str, limit: int, glossary_options: dict, fmt: str) -> None:
    """Find terms by label, alias or definition (typo-tolerant), best first."""
    glossary = open_glossary(glossary_options)
    hits = search_terms(glossary, text, limit=limit)
    if fmt == "json":
        echo_json([{"term": h.term.label, "score": round(h.score, 1), "field": h.field,
                    "matched": h.matched, "definition": h.term.short_def} for h in hits])
    if not hits:
        _no_answer(f"no term matches {text!r}", fmt)
    if fmt == "json":
        return
    for hit in hits:
        how = "" if hit.field == "label" else f"  ({hit.field}: {_short(hit.matched, 40)})"
        click.echo(f"{hit.score:5.1f}  {hit.term.label}{how}")
        if hit.term.short_def:
            click.echo(f"       {_short(hit.term.short_def, WIDTH - 7)}")


def _no_answer(message: str, fmt: str) -> None:
    """An empty answer is not an error: say so on stderr (text format) and exit 1, as grep does."""
    if fmt == "text":
        click.echo(message, err=True)
    sys.exit(1)


def _short(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(text.split()), width, placeholder=" ...",
                            break_long_words=False, break_on_hyphens=False)


@click.command()
@click.argument("source")
@click.argument("target")
@data_options
@format_option("text", "json")
def path(source: str, target: str, glossary_options: dict, fmt: str) -> None:
    """The shortest path of links from SOURCE to TARGET, with relation names."""
    import networkx as nx

    glossary = open_glossary(glossary_options)
    start, end = glossary.find(source), glossary.find(target)
    try:
        hops = explore.path_between(glossary, start, end)
    except nx.NetworkXNoPath:
        if fmt == "json":
            echo_json([])
        _no_answer(f"no path of links between {start.label!r} and {end.label!r}", fmt)
    labels = [(glossary.terms[node].label, relation) for node, relation in hops]
    if fmt == "json":
        echo_json([{"term": label, "relation_to_next": rel} for label, rel in labels])
        return
    parts = [labels[0][0]]
    for (_, relation), (label, _) in zip(labels, labels[1:]):
        parts.append(f"--{relation}--> {label}")
    click.echo(" ".join(parts))
    click.echo(f"({plural(len(hops) - 1, 'link')})")


@click.command()
@click.argument("root", required=False)
@click.option("--depth", type=click.IntRange(0), default=None, help="Levels to show below each root.")
@data_options
@format_option("text", "json")
def tree(root: str | None, depth: int | None, glossary_options: dict, fmt: str) -> None:
    """The broader/narrower hierarchy as an indented tree (all top concepts without ROOT)."""
    if root is not None and _is_data_path(root, glossary_options):
        root, glossary_options = None, {**glossary_options, "data": Path(root)}
    glossary = open_glossary(glossary_options)
    roots = [_tree_root(glossary, root).id] if root else explore.top_concepts(glossary)
    trees = explore.hierarchy_tree(glossary, roots, max_depth=depth)
    if fmt == "json":
        echo_json([node.to_dict() for node in trees])
        return
    for top in trees:
        for line in _tree_lines(top):
            click.echo(line)
    if not root:
        missing = [glossary.terms[t].label for t in explore.under_no_top_concept(glossary)]
        if missing:
            click.echo(f"(in broader cycles, under no top concept: {', '.join(missing)})")


def _is_data_path(root: str, glossary_options: dict) -> bool:
    """`tree PATH`: ROOT names an existing path and there is no other glossary to look in."""
    if glossary_options.get("data") is not None or not Path(root).exists():
        return False
    return not resolve_data_path(None)[0].exists()


def _tree_root(glossary: Any, root: str) -> Any:
    try:
        return glossary.find(root)
    except UnknownTermError as exc:
        if Path(root).exists():
            exc.hint = (f"{root} is a path: to read the glossary there, write "
                        f"`glossgraph tree --data {root}` or `glossgraph tree ROOT {root}`")
        raise


def _tree_lines(top: explore.TreeNode) -> list[str]:
    lines = []
    stack: list[tuple[explore.TreeNode, str, str]] = [(top, "", "")]
    while stack:
        node, lead, child_lead = stack.pop()
        mark = " (cycle)" if node.cycle else " ..." if node.truncated else ""
        lines.append(f"{lead}{node.label}{mark}")
        for index in reversed(range(len(node.children))):
            last = index == len(node.children) - 1
            stack.append((node.children[index], child_lead + ("└── " if last else "├── "),
                          child_lead + ("    " if last else "│   ")))
    return lines


@click.command()
@click.argument("term")
@click.option("--depth", type=click.IntRange(1), default=1, show_default=True,
              help="How many links away to look.")
@data_options
@format_option("text", "json")
def neighbors(term: str, depth: int, glossary_options: dict, fmt: str) -> None:
    """The terms within DEPTH links of TERM, nearest first."""
    glossary = open_glossary(glossary_options)
    center = glossary.find(term)
    rows = explore.neighbors_within(glossary, center, depth)
    if fmt == "json":
        echo_json([{"term": glossary.terms[node].label, "distance": d} for d, node in rows])
        return
    click.echo(f"{center.label}: {plural(len(rows), 'term')} within {plural(depth, 'link')}")
    for distance, node in rows:
        click.echo(f"  {distance}  {glossary.terms[node].label}")


COMMANDS = [stats, show, search, path, tree, neighbors]
