"""Network exports: GraphML, GEXF, node-link JSON and CSV, for Gephi, yEd, Cytoscape, pandas.

One node per term, sorted by id, with the attributes ``label``, ``category``
(categories joined by ``"; "``), ``status``, ``degree`` (declared links in
and out), ``definition`` and ``iri``. One edge per **declared** link only
(the inverses the networkx view infers are left out, so every edge is one
that a file states), keyed and attributed by ``relation``. The same glossary
gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..fileio import atomic_write_bytes, atomic_write_text

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["export_graph", "write_graphml", "write_gexf", "write_node_link", "write_csv",
           "csv_paths", "TERM_COLUMNS", "LINK_COLUMNS"]

TERM_COLUMNS = ("id", "label", "aliases", "category", "status", "degree", "definition", "iri")
LINK_COLUMNS = ("source", "target", "relation", "source_label", "target_label")
_GEXF_DATE = re.compile(rb' lastmodifieddate="[^"]*"')


def export_graph(glossary: Glossary, lists: bool = False) -> nx.MultiDiGraph:
    """The declared links as a MultiDiGraph with flat attributes (no None values).

    With `lists`, aliases and categories stay lists (for JSON); otherwise they
    are joined with ``"; "`` (GraphML and GEXF hold only scalars).

    >>> from graph.model import Glossary, Reference, Term
    >>> g = export_graph(Glossary([Term("a", categories=["x"],
    ...                  references=[Reference("b", "broader", 0)]), Term("b")]))
    >>> g.nodes["a"]["category"], g.nodes["a"]["degree"], list(g.edges(keys=True))
    ('x', 1, [('a', 'b', 'broader')])
    """
    degree: Counter[str] = Counter()
    links = sorted({(link.source, link.target, link.relation) for link in glossary.links})
    for source, target, _ in links:
        degree[source] += 1
        degree[target] += 1
    graph = nx.MultiDiGraph(name=glossary.scheme.title)
    for term_id in sorted(glossary.terms):
        term = glossary.terms[term_id]
        join = (lambda items: list(items)) if lists else (lambda items: "; ".join(items))
        graph.add_node(term_id, label=term.label, aliases=join(term.aliases),
                       category=join(term.categories), status=term.status or "",
                       degree=degree[term_id], definition=term.short_def or "",
                       iri=glossary.iri(term))
    for source, target, relation in links:
        graph.add_edge(source, target, key=relation, relation=relation)
    return graph


def write_graphml(glossary: Glossary, path: Path, **_: Any) -> list[Path]:
    """GraphML (yEd, Cytoscape, Gephi); read back with `networkx.read_graphml`."""
    text = "\n".join(nx.generate_graphml(export_graph(glossary), prettyprint=True)) + "\n"
    return [atomic_write_text(path, text)]


def write_gexf(glossary: Glossary, path: Path, **_: Any) -> list[Path]:
    """GEXF 1.2 (Gephi); the writer's date stamp is removed so the bytes are stable."""
    data = "\n".join(nx.generate_gexf(export_graph(glossary), prettyprint=True)).encode("utf-8")
    return [atomic_write_bytes(path, _GEXF_DATE.sub(b"", data) + b"\n")]


def write_node_link(glossary: Glossary, path: Path, **_: Any) -> list[Path]:
    """networkx node-link JSON (``edges="links"``); read back with `node_link_graph`."""
    data = nx.node_link_data(export_graph(glossary, lists=True), edges="links")
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return [atomic_write_text(path, text)]


def csv_paths(path: Path) -> tuple[Path, Path]:
    """Where the two CSV files go: a folder gets ``terms.csv`` and ``links.csv``;
    a stem such as ``out/x.csv`` gets ``out/x-terms.csv`` and ``out/x-links.csv``.

    >>> [p.as_posix() for p in csv_paths(Path("out/x.csv"))]
    ['out/x-terms.csv', 'out/x-links.csv']
    >>> [p.as_posix() for p in csv_paths(Path("out/"))]
    ['out/terms.csv', 'out/links.csv']
    """
    if path.is_dir() or not path.suffix:
        return path / "terms.csv", path / "links.csv"
    return (path.with_name(f"{path.stem}-terms.csv"), path.with_name(f"{path.stem}-links.csv"))


def _csv_text(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(glossary: Glossary, path: Path, **_: Any) -> list[Path]:
    """Two CSV files, terms (one row per term) and links (one row per declared link)."""
    graph = export_graph(glossary)
    terms = [{"id": node, **{c: data[c] for c in TERM_COLUMNS[1:]}}
             for node, data in graph.nodes(data=True)]
    links = [{"source": u, "target": v, "relation": key, "source_label": graph.nodes[u]["label"],
              "target_label": graph.nodes[v]["label"]} for u, v, key in graph.edges(keys=True)]
    terms_path, links_path = csv_paths(path)
    return [atomic_write_text(terms_path, _csv_text(TERM_COLUMNS, terms)),
            atomic_write_text(links_path, _csv_text(LINK_COLUMNS, links))]
