"""The data the HTML explorer embeds: nodes, edges, findings, groups and colours, all JSON-ready.

Everything here is sorted and made of whole numbers and text, so the same
glossary always gives the same page, byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..findings import SEVERITIES, Finding
from ..layout import forest_layout
from ..model import fold
from .html_findings import link_suggestion, page_findings
from .palette import distinct_colours, glossary_groups

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary, Term

__all__ = ["AGGREGATE_LIMIT", "DEFAULT_DEPTH", "PALETTE", "PHYSICS_LIMIT", "SUGGESTION",
           "build_page_data", "category_colour"]

#: Graphs with fewer nodes than this settle with vis physics; larger ones keep the precomputed layout.
PHYSICS_LIMIT = 1500
#: From this many terms the start view shows clusters (subtrees, categories) instead of every term.
AGGREGATE_LIMIT = 1500
#: How many links around `focus` are kept when no depth is given.
DEFAULT_DEPTH = 2
#: The severity of GG5xx findings that propose a link; drawn as dotted grey links in problems mode.
SUGGESTION = "suggestion"
#: Category colours: Paul Tol's colour-blind-safe "muted" scheme and three of his "light" colours.
#: None is the red, orange or blue of the severities; a category's colour comes from its name.
PALETTE = (
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77",
    "#cc6677", "#882255", "#aa4499", "#77aadd", "#bbcc33", "#aaaa00",
)
NO_GROUP_COLOUR = "#c7ccd1"
GHOST_PREFIX = "?"
_EDGE_RELATION = {"broader": "broader", "narrower": "broader", "related": "related"}
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00(:00(\.0+)?)?(Z|[+-]00:?00)?$")


def build_page_data(glossary: Glossary, *, findings: list[Finding] | None = None,
                    focus: str | None = None, depth: int | None = None, title: str | None = None,
                    physics: bool | None = None, problems: bool = False,
                    suggestions: bool | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data (sorted, so the page is deterministic).

    Keys: ``title``, ``nodes`` (terms then ghost nodes, each with ``id``,
    ``label``, ``x``, ``y``, ``degree``, ``category``, ``status``, ``card``,
    ``findings``, ``severity``; ghosts have ``ghost: true``; without any
    category, ``groups`` names the term's top concepts), ``edges``
    (``from``, ``to``, ``relation`` "broader" (child to broader) or
    "related", ``ghost``, ``findings``, ``severity``), ``suggested`` (links
    proposed by findings of severity "suggestion": ``from``, ``to``,
    ``finding``), ``findings`` (all, as dicts), ``general`` (indices of
    findings tied to no node), ``categories`` (name, colour and count,
    biggest first), ``grouping`` ("category" or "top concept"),
    ``statuses``, ``languages`` (the scheme's first), ``counts``,
    ``physics``, ``aggregate``, ``problems``, ``focus``. `suggestions`
    (default: as `problems`) adds the glossary's GG5xx suggestions to the findings.
    """
    findings = page_findings(glossary, findings, problems if suggestions is None else suggestions)
    keep, focus_id = _selection(glossary, focus, depth)
    if focus_id is not None:  # only the problems of the terms drawn
        kept = set(keep)
        findings = [f for f in findings if not f.term or _resolve(glossary, f.term, kept) is not None]
    root = _data_root(glossary)
    nodes, ghosts = [_term_node(glossary, glossary.terms[tid], root) for tid in sorted(keep)], {}
    edges = _edges(glossary, keep, ghosts)
    nodes += [{"id": gid, "label": label, "ghost": True} for gid, label in sorted(ghosts.items())]
    finding_rows, general, suggested = _attach_findings(glossary, findings, nodes, edges)
    _place(nodes, edges)
    grouping = "category" if any(n.get("category") for n in nodes) else _group_by_top_concept(nodes, edges)
    terms = len(nodes) - len(ghosts)
    kept = set(keep)
    return {
        "title": title or glossary.scheme.title,
        "nodes": nodes,
        "edges": edges,
        "suggested": suggested,
        "findings": finding_rows,
        "general": general,
        "categories": _categories(glossary, nodes),
        "grouping": grouping,
        "statuses": _statuses(nodes),
        "languages": _languages(glossary, nodes),
        "counts": {"terms": terms, "ghosts": len(ghosts), "nodes": len(nodes), "edges": len(edges),
                   # as the CLI's "declared": every resolved entry, both directions of a pair
                   "links": sum(1 for link in glossary.links if link.source in kept and link.target in kept),
                   "findings": len(finding_rows)},
        "physics": bool(physics if physics is not None else len(nodes) < PHYSICS_LIMIT),
        "aggregate": terms >= AGGREGATE_LIMIT,
        "problems": bool(problems),
        "focus": focus_id,
    }


def category_colour(name: str) -> str:
    """The colour of a category: from a hash of its name, so the same in every export.

    >>> category_colour("Governance & Risk") == category_colour("Governance & Risk")
    True
    >>> category_colour("") == NO_GROUP_COLOUR
    True
    """
    if not name:
        return NO_GROUP_COLOUR
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return PALETTE[int.from_bytes(digest[:4], "big") % len(PALETTE)]


def _selection(glossary: Glossary, focus: str | None, depth: int | None) -> tuple[list[str], str | None]:
    """The term ids to draw (all, or the neighbourhood of `focus`) and the focus id."""
    if not focus:
        return list(glossary.terms), None
    from ..explore import neighbors_within

    term = glossary.find(focus)
    radius = DEFAULT_DEPTH if depth is None else max(0, int(depth))
    near = {node for _, node in neighbors_within(glossary, term, radius)} | {term.id}
    near |= _ancestors(glossary, term.id)  # the full broader chain up to the top
    return [tid for tid in glossary.terms if tid in near], term.id


def _ancestors(glossary: Glossary, term_id: str) -> set[str]:
    from ..layout import hierarchy_edges

    parents: dict[str, list[str]] = {}
    for child, parent in hierarchy_edges(glossary):
        parents.setdefault(child, []).append(parent)
    seen: set[str] = set()
    stack = [term_id]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def _data_root(glossary: Glossary) -> str | None:
    """The folder term files are shown relative to (the data path, or the folder of a data file)."""
    if not glossary.source:
        return None
    source = os.path.abspath(glossary.source)
    return source if os.path.isdir(source) else os.path.dirname(source)


def _relative(path: str, root: str | None) -> str:
    if root is None:
        return path
    full = os.path.abspath(path)
    if os.path.commonpath([full, root]) != root:
        return path
    return os.path.relpath(full, root).replace(os.sep, "/")


def _term_node(glossary: Glossary, term: Term, root: str | None) -> dict[str, Any]:
    card = term.to_dict()
    for name in ("term", "relationships"):
        card.pop(name, None)
    card = {key: _plain(value) for key, value in card.items()}
    card["iri"] = glossary.iri(term)
    if term.file:
        line = f":{term.position.line}" if term.position and term.position.line else ""
        card["file"] = _relative(term.file, root) + line
    node = {"id": term.id, "label": term.label, "card": card}
    if term.categories:
        node["category"] = str(term.categories[0])
    if term.status:
        node["status"] = str(term.status)
    return node


def _plain(value: Any) -> Any:
    """Data made JSON-safe: dict keys as text, dates as dates (no midnight time), objects as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):  # YAML !!set: sorted, the same whatever the hash seed
        return [_plain(v) for v in sorted(value, key=lambda v: (type(v).__name__, str(v)))]
    if isinstance(value, str):
        midnight = _MIDNIGHT.match(value)
        return midnight.group(1) if midnight else value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, datetime):
        return _plain(value.isoformat())
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _edge_key(relation: str, source: str, target: str) -> tuple[str, str, str]:
    """One key per drawn edge: broader as (child, parent), related as a sorted pair."""
    if relation == "narrower":
        return ("broader", target, source)
    if relation == "related":
        ghost = target.startswith(GHOST_PREFIX)  # a missing term stays at the far end
        return ("related", source, target) if ghost else ("related", *sorted((source, target)))
    return ("broader", source, target)


def _edges(glossary: Glossary, keep: list[str], ghosts: dict[str, str]) -> list[dict[str, Any]]:
    """One edge per related pair or broader pair; unresolved references go to ghost nodes."""
    kept = set(keep)
    keys: dict[tuple[str, str, str], bool] = {}
    for link in glossary.links:
        if link.source in kept and link.target in kept:
            keys.setdefault(_edge_key(link.relation, link.source, link.target), False)
    for miss in glossary.unresolved:
        if miss.source in kept:
            gid = GHOST_PREFIX + fold(miss.reference.text)
            ghosts.setdefault(gid, miss.reference.text)
            keys[_edge_key(miss.reference.relation, miss.source, gid)] = True
    edges = []
    for (relation, source, target), ghost in sorted(keys.items()):
        edge = {"from": source, "to": target, "relation": relation}
        if ghost:
            edge["ghost"] = True
        edges.append(edge)
    return edges


def _place(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Degrees and positions: the broader hierarchy as radial trees, ghosts as leaves of a source."""
    degree: dict[str, int] = {}
    parents: list[tuple[str, str]] = []
    ghost_ids = {node["id"] for node in nodes if node.get("ghost")}
    for edge in edges:
        for end in (edge["from"], edge["to"]):
            degree[end] = degree.get(end, 0) + 1
        if edge["relation"] == "broader" and not edge.get("ghost"):
            parents.append((edge["from"], edge["to"]))
        elif edge.get("ghost"):
            ghost_first = edge["to"] in ghost_ids
            parents.append((edge["to"], edge["from"]) if ghost_first else (edge["from"], edge["to"]))
    layout = forest_layout([node["id"] for node in nodes], parents)
    for node in nodes:
        node["degree"] = degree.get(node["id"], 0)
        node["x"], node["y"] = layout[node["id"]]


def _group_by_top_concept(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> str:
    """Without categories, each term's groups are its top concepts (labels); returns the grouping name."""
    parents: dict[str, list[str]] = {}
    for edge in edges:
        if edge["relation"] == "broader" and not edge.get("ghost") and edge["from"] != edge["to"]:
            parents.setdefault(edge["from"], []).append(edge["to"])
    labels = {node["id"]: node["label"] for node in nodes}
    tops: dict[str, list[str]] = {}
    for node in nodes:
        if not node.get("ghost"):
            roots = _roots(node["id"], parents, tops)
            node["groups"] = sorted({labels[r] for r in roots})
    return "top concept"


def _roots(start: str, parents: dict[str, list[str]], memo: dict[str, list[str]]) -> list[str]:
    """The top concepts above `start` (itself when it has no broader term; cycles end the walk)."""
    if start in memo:
        return memo[start]
    found: set[str] = set()
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node in memo and node != start:
            found.update(memo[node])
            continue
        ups = [p for p in parents.get(node, ()) if p not in seen]
        if not parents.get(node):
            found.add(node)
        seen.update(ups)
        stack.extend(ups)
    memo[start] = sorted(found) or [start]
    return memo[start]


def _categories(glossary: Glossary, nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every group (a term counts in each of its categories), biggest first, with its colour.

    Colours are assigned over the whole glossary's groups (`palette.distinct_colours`),
    so they differ where the palette allows and a focus export keeps the full export's colours.
    """
    counts: dict[str, int] = {}
    for node in nodes:
        if not node.get("ghost"):
            names = node.get("groups") or node["card"].get("categories") or [""]
            for name in dict.fromkeys(names):
                counts[str(name)] = counts.get(str(name), 0) + 1
    ranked = sorted(counts, key=lambda name: (name == "", -counts[name], name))
    colours = distinct_colours(glossary_groups(glossary), PALETTE)
    return [{"name": name, "color": colours.get(name) or category_colour(name), "count": counts[name]}
            for name in ranked]


def _statuses(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for node in nodes:
        if not node.get("ghost"):
            counts[node.get("status", "")] = counts.get(node.get("status", ""), 0) + 1
    order = {name: i for i, name in enumerate(("approved", "reviewed", "draft", "deprecated"))}
    ranked = sorted(counts, key=lambda name: (order.get(name, len(order)), name))
    return [{"name": name, "count": counts[name]} for name in ranked]


def _languages(glossary: Glossary, nodes: list[dict[str, Any]]) -> list[str]:
    """The label languages: the scheme's first, then every other language of a term's `labels`."""
    others: set[str] = set()
    for node in nodes:
        labels = node.get("card", {}).get("labels")
        if isinstance(labels, dict):
            others.update(str(lang) for lang in labels)
    main = glossary.scheme.language or ""
    return [main] + sorted(others - {main})


# Findings -----------------------------------------------------------------------------------


def _attach_findings(glossary: Glossary, findings: list[Finding], nodes: list[dict[str, Any]],
                     edges: list[dict[str, Any]]) -> tuple[list[dict], list[int], list[dict]]:
    """Mark nodes and edges with the indices of their findings and their worst severity.

    A finding of severity "suggestion" marks nothing: its proposed link goes to `suggested`.
    """
    by_node = {node["id"]: node for node in nodes}
    by_edge = {_edge_key(e["relation"], e["from"], e["to"]): e for e in edges}
    by_file = _single_term_files(glossary, by_node)
    rows, general, suggested = [], [], []
    ordered = sorted(findings, key=lambda f: (f.file or "", f.line or 0, f.column or 0, f.code,
                                              f.term or "", f.target or "", f.message))
    for index, finding in enumerate(ordered):
        rows.append({k: v for k, v in finding.to_dict().items() if v is not None})
        if finding.severity == SUGGESTION:
            source = link_suggestion(lambda name: _resolve(glossary, name, by_node), finding, index,
                                     by_node, suggested, rows[-1])
            if source is None:
                general.append(index)
            else:
                rows[-1]["node"] = source
            continue
        marked = _marks(glossary, finding, by_node, by_edge, by_file)
        if marked:
            rows[-1]["node"] = marked[0]["id"]  # the term a row of the problems panel selects
        for item in marked:
            item.setdefault("findings", []).append(index)
            rank = _rank(finding.severity)
            item["severity"] = min(item.get("severity", rank), rank)
        if not marked:
            general.append(index)
    return rows, general, suggested


def _marks(glossary: Glossary, finding: Finding, by_node: dict, by_edge: dict, by_file: dict) -> list[dict]:
    """The nodes and edge a finding is about (its term, the link, or the target)."""
    source = _resolve(glossary, finding.term, by_node)
    if source is None:
        owner = by_file.get(finding.file or "")
        return [by_node[owner]] if owner else []
    marked = [by_node[source]]
    target = _resolve(glossary, finding.target, by_node)
    if target is None and finding.target and GHOST_PREFIX + fold(finding.target) in by_node:
        target = GHOST_PREFIX + fold(finding.target)
    if target is None or target == source:
        return marked
    edge = by_edge.get(_edge_key(finding.relation, source, target)) if finding.relation in _EDGE_RELATION \
        else None
    marked.append(edge if edge is not None else by_node[target])
    if edge is not None and edge.get("ghost"):
        marked.append(by_node[target])
    return marked


def _resolve(glossary: Glossary, name: str | None, by_node: dict) -> str | None:
    if not name:
        return None
    ids = glossary.lookup(name)[1]
    return ids[0] if len(ids) == 1 and ids[0] in by_node else None


def _single_term_files(glossary: Glossary, by_node: dict) -> dict[str, str]:
    """File path -> term id, for files that hold exactly one drawn term."""
    owners: dict[str, list[str]] = {}
    for term in glossary:
        if term.file and term.id in by_node:
            owners.setdefault(term.file, []).append(term.id)
    return {path: ids[0] for path, ids in owners.items() if len(ids) == 1}


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES) - 1
