"""Export registry: format name -> exporter, imported only when used.

Every exporter is called as ``write(glossary, path, **options)`` and returns
the list of files it wrote. Output is deterministic: the same glossary gives
the same bytes. `check` never imports this package's HTML module (pyvis).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UnknownFormatError

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["Exporter", "EXPORTERS", "exporter", "export", "format_names"]


@dataclass(frozen=True)
class Exporter:
    """Where a format's writer lives, its file suffix, and a one-line description."""

    name: str
    module: str
    function: str
    suffix: str
    description: str

    def load(self):
        return getattr(importlib.import_module(self.module, __name__), self.function)


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("ttl", ".rdf", "write_turtle", ".ttl", "SKOS as Turtle"),
        Exporter("nt", ".rdf", "write_ntriples", ".nt", "SKOS as N-Triples"),
        Exporter("xml", ".rdf", "write_rdfxml", ".rdf", "SKOS as RDF/XML"),
        Exporter("jsonld", ".rdf", "write_jsonld", ".jsonld", "SKOS as JSON-LD"),
        Exporter("graphml", ".networks", "write_graphml", ".graphml",
                 "GraphML for yEd, Cytoscape, Gephi"),
        Exporter("gexf", ".networks", "write_gexf", ".gexf", "GEXF for Gephi"),
        Exporter("json", ".networks", "write_node_link", ".json", "networkx node-link JSON"),
        Exporter("csv", ".networks", "write_csv", ".csv", "two CSV files: terms and links"),
        Exporter("html", ".html", "write_html", ".html", "the offline interactive HTML explorer"),
    )
}


def format_names() -> list[str]:
    """The registered format names, sorted."""
    return sorted(EXPORTERS)


def exporter(name: str) -> Exporter:
    """The exporter registered under `name`.

    >>> exporter("ttl").suffix
    '.ttl'
    >>> exporter("png")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.UnknownFormatError: unknown format 'png'; known formats: csv, gexf, graphml, html, ...
    """
    try:
        return EXPORTERS[name.lower()]
    except KeyError:
        known = ", ".join(format_names())
        raise UnknownFormatError(f"unknown format {name!r}; known formats: {known}") from None


def export(glossary: Glossary, fmt: str, path: str | Path, **options: Any) -> list[Path]:
    """Write `glossary` as `fmt` to `path`; returns the files written."""
    return exporter(fmt).load()(glossary, Path(path), **options)
