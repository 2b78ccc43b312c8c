"""The offline HTML explorer: one self-contained, safe page drawn with vis-network.

vis-network's script and style come from the files bundled with the
installed pyvis package and are inlined, so the page fetches nothing. The
page template, its script and its style live in ``html_assets/``; pyvis's
own template is not used, because it loads Bootstrap from a CDN and inserts
data as markup.

Safety: every text from the glossary reaches the page inside one JSON data
block, escaped so that it cannot end the block (``<``, ``>``, ``&``,
U+2028, U+2029 become ``\\uHHHH``); the page script writes it with
``textContent`` only; links are made only for http(s) URLs; a
Content-Security-Policy allows exactly the page's two inline scripts and
its one style block (by SHA-256 hash) and nothing else.

Scale: node and edge lists are built directly (no ``Network.add_edge``
loop); positions come from `graph.layout.hierarchy_layout`; vis physics runs
only on small graphs (below `PHYSICS_LIMIT` nodes).
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fileio import atomic_write_text
from ..findings import SEVERITIES, Finding
from ..layout import forest_layout
from ..model import fold

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary, Term

__all__ = [
    "PHYSICS_LIMIT",
    "DEFAULT_DEPTH",
    "PALETTE",
    "build_page_data",
    "embed_json",
    "render_html",
    "write_html",
    "show",
    "vis_network_files",
]

#: Graphs with fewer nodes than this settle with vis physics; larger ones keep the precomputed layout.
PHYSICS_LIMIT = 1500
#: How many links around `focus` are kept when no depth is given.
DEFAULT_DEPTH = 2
#: Category colours, in order of category size (colour-blind-safe first).
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
    "#9c755f", "#ff9da7", "#86bcb6", "#8cd17d", "#b6992d", "#d4a6c8",
)
GHOST_PREFIX = "?"
_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                     "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_PATTERN = re.compile("[<>&\u2028\u2029]")
_SLOT = re.compile(r"\{\{([A-Z_]+)\}\}")
_EDGE_RELATION = {"broader": "broader", "narrower": "broader", "related": "related"}


def write_html(glossary: Glossary, path: str | Path, *, findings: list[Finding] | None = None,
               focus: str | None = None, depth: int | None = None, title: str | None = None,
               physics: bool | None = None) -> list[Path]:
    """Write the explorer page of `glossary` to `path` (atomically); returns ``[path]``.

    Parameters
    ----------
    glossary : Glossary
    path : str or Path
        The ``.html`` file to write; parent folders are created.
    findings : list of Finding, optional
        Problems to mark on the map; by default ``glossary.check()``.
    focus : str, optional
        A label, alias or slug: keep only this term's neighbourhood.
    depth : int, optional
        How many links around `focus` to keep (default 2).
    title : str, optional
        The page title (default: the scheme title).
    physics : bool, optional
        Force vis physics on or off (default: on below `PHYSICS_LIMIT` nodes).

    Raises
    ------
    UnknownTermError
        When `focus` names no term.
    """
    page = render_html(glossary, findings=findings, focus=focus, depth=depth, title=title,
                       physics=physics)
    return [atomic_write_text(path, page, readable=True)]  # a file name not in UTF-8 shows as U+FFFD


def show(glossary: Glossary, *, height: int = 640, **options: Any) -> Any:
    """The explorer inline in Jupyter: an IPython ``IFrame`` (sandboxed, the page in ``srcdoc``).

    Without IPython, the page's HTML text is returned.
    """
    page = render_html(glossary, **options)
    try:
        from IPython.display import IFrame
    except ImportError:
        return page
    extras = ['sandbox="allow-scripts"', f'srcdoc="{html.escape(page, quote=True)}"']
    return IFrame("about:blank", width="100%", height=int(height), extras=extras)


def render_html(glossary: Glossary, *, findings: list[Finding] | None = None, focus: str | None = None,
                depth: int | None = None, title: str | None = None,
                physics: bool | None = None) -> str:
    """The explorer page as text (see `write_html` for the options)."""
    data = build_page_data(glossary, findings=findings, focus=focus, depth=depth, title=title,
                           physics=physics)
    vis_js, vis_css = vis_network_files()
    app_js = _asset("explorer.js")
    style = vis_css + "\n" + _asset("explorer.css")
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
        f"style-src {_csp_hash(style)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    slots = {"CSP": html.escape(csp, quote=False), "TITLE": html.escape(data["title"]),
             "STYLE": style, "VIS_JS": vis_js, "APP_JS": app_js, "DATA": embed_json(data)}
    return _SLOT.sub(lambda m: slots[m.group(1)], _asset("template.html"))


def embed_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` block: sorted, compact, with <, >, &, U+2028/9 escaped.

    >>> embed_json({"b": "</script><!--", "a": "\\u2028"})
    '{"a":"\\\\u2028","b":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _UNSAFE_PATTERN.sub(lambda m: _UNSAFE_IN_SCRIPT[m.group(0)], text)


@lru_cache(maxsize=1)
def vis_network_files() -> tuple[str, str]:
    """The (script, style) text of the newest vis-network bundled with pyvis (pyvis is not imported)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("the HTML export needs pyvis (pip install pyvis)")
    folders = sorted(Path(spec.origin).parent.glob("lib/vis-*/vis-network.min.js"),
                     key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)])
    if not folders:
        raise RuntimeError(f"no vis-network files found in {Path(spec.origin).parent}")
    folder = folders[-1].parent
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    script = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", script)  # no source map to look for
    if "</script" in script.lower():
        raise RuntimeError("vis-network.min.js cannot be inlined: it contains '</script'")
    return script, (folder / "vis-network.css").read_text(encoding="utf-8")


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("html_assets", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# The page data ------------------------------------------------------------------------------


def build_page_data(glossary: Glossary, *, findings: list[Finding] | None = None,
                    focus: str | None = None, depth: int | None = None, title: str | None = None,
                    physics: bool | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data (sorted, so the page is deterministic).

    Keys: ``title``, ``nodes`` (terms then ghost nodes, each with ``id``,
    ``label``, ``x``, ``y``, ``degree``, ``category``, ``status``, ``card``,
    ``findings``, ``severity``; ghosts have ``ghost: true``), ``edges``
    (``from``, ``to``, ``relation`` "broader" (child to broader) or
    "related", ``ghost``, ``findings``, ``severity``), ``findings`` (all, as
    dicts), ``general`` (indices of findings tied to no node), ``categories``
    (name and colour, biggest first), ``statuses``, ``counts``, ``physics``,
    ``focus``.
    """
    if findings is None:
        findings = _default_findings(glossary)
    keep, focus_id = _selection(glossary, focus, depth)
    if focus_id is not None:  # only the problems of the terms drawn
        kept = set(keep)
        findings = [f for f in findings if not f.term or _resolve(glossary, f.term, kept) is not None]
    nodes, ghosts = _term_nodes(glossary, keep), {}
    edges = _edges(glossary, keep, ghosts)
    nodes += [{"id": gid, "label": label, "ghost": True} for gid, label in sorted(ghosts.items())]
    finding_rows, general = _attach_findings(glossary, findings, nodes, edges, ghosts)
    _place(nodes, edges)
    categories = _categories(nodes)
    use_physics = physics if physics is not None else len(nodes) < PHYSICS_LIMIT
    return {
        "title": title or glossary.scheme.title,
        "nodes": nodes,
        "edges": edges,
        "findings": finding_rows,
        "general": general,
        "categories": categories,
        "statuses": _statuses(nodes),
        "counts": {"terms": len(nodes) - len(ghosts), "ghosts": len(ghosts), "nodes": len(nodes),
                   "edges": len(edges), "findings": len(finding_rows)},
        "physics": bool(use_physics),
        "focus": focus_id,
    }


def _default_findings(glossary: Glossary) -> list[Finding]:
    try:
        return list(glossary.check())
    except ModuleNotFoundError as error:  # graph.checks not installed: load findings only
        if error.name and error.name.startswith("graph.checks"):
            return list(glossary.load_findings)
        raise


def _selection(glossary: Glossary, focus: str | None, depth: int | None) -> tuple[list[str], str | None]:
    """The term ids to draw (all, or the neighbourhood of `focus`) and the focus id."""
    if not focus:
        return list(glossary.terms), None
    from ..explore import neighbors_within

    term = glossary.find(focus)
    radius = DEFAULT_DEPTH if depth is None else max(0, int(depth))
    near = {node for _, node in neighbors_within(glossary, term, radius)} | {term.id}
    return [tid for tid in glossary.terms if tid in near], term.id


def _term_nodes(glossary: Glossary, keep: list[str]) -> list[dict[str, Any]]:
    return [_term_node(glossary, glossary.terms[tid]) for tid in sorted(keep)]


def _term_node(glossary: Glossary, term: Term) -> dict[str, Any]:
    card = term.to_dict()
    for name in ("term", "relationships"):
        card.pop(name, None)
    card = {key: _plain(value) for key, value in card.items()}
    card["iri"] = glossary.iri(term)
    if term.file:
        card["file"] = term.file + (f":{term.position.line}" if term.position and term.position.line else "")
    node = {"id": term.id, "label": term.label, "card": card}
    if term.categories:
        node["category"] = str(term.categories[0])
    if term.status:
        node["status"] = str(term.status)
    return node


def _plain(value: Any) -> Any:
    """Data made JSON-safe: dict keys as text, dates and other objects as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):  # YAML !!set: sorted, the same whatever the hash seed
        return [_plain(v) for v in sorted(value, key=lambda v: (type(v).__name__, str(v)))]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
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


def _categories(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every category (a term counts in each of its categories), biggest first, with its colour."""
    counts: dict[str, int] = {}
    for node in nodes:
        if not node.get("ghost"):
            for name in dict.fromkeys(node["card"].get("categories") or [""]):
                counts[str(name)] = counts.get(str(name), 0) + 1
    ranked = sorted(counts, key=lambda name: (name == "", -counts[name], name))
    return [{"name": name, "color": _colour(i) if name else "#9aa0a6", "count": counts[name]}
            for i, name in enumerate(ranked)]


def _colour(index: int) -> str:
    if index < len(PALETTE):
        return PALETTE[index]
    hue = (index * 137.508) % 360  # golden angle: distinct and stable
    return f"hsl({hue:.0f},55%,55%)"


def _statuses(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for node in nodes:
        if not node.get("ghost"):
            counts[node.get("status", "")] = counts.get(node.get("status", ""), 0) + 1
    order = {name: i for i, name in enumerate(("approved", "reviewed", "draft", "deprecated"))}
    ranked = sorted(counts, key=lambda name: (order.get(name, len(order)), name))
    return [{"name": name, "count": counts[name]} for name in ranked]


# Findings -----------------------------------------------------------------------------------


def _attach_findings(glossary: Glossary, findings: list[Finding], nodes: list[dict[str, Any]],
                     edges: list[dict[str, Any]], ghosts: dict[str, str]) -> tuple[list[dict], list[int]]:
    """Mark nodes and edges with the indices of their findings and their worst severity."""
    by_node = {node["id"]: node for node in nodes}
    by_edge = {_edge_key(e["relation"], e["from"], e["to"]): e for e in edges}
    by_file = _single_term_files(glossary, by_node)
    rows, general = [], []
    ordered = sorted(findings, key=lambda f: (f.file or "", f.line or 0, f.column or 0, f.code,
                                              f.term or "", f.target or "", f.message))
    for index, finding in enumerate(ordered):
        rows.append({k: v for k, v in finding.to_dict().items() if v is not None})
        marked = _marks(glossary, finding, by_node, by_edge, by_file)
        for item in marked:
            item.setdefault("findings", []).append(index)
            rank = _rank(finding.severity)
            item["severity"] = min(item.get("severity", rank), rank)
        if not marked:
            general.append(index)
    return rows, general


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
