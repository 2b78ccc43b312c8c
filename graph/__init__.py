"""glossgraph: a glossary kept as YAML files is a graph; explore, check and query it.

The public API, above everything it calls: nothing in glossgraph imports this
module back (`tests/test_import_layers.py`). The CLI (`graph.cli`) is a thin
shell over these functions.

Examples
--------
>>> import graph
>>> glossary = graph.load("data")                       # doctest: +SKIP
>>> findings = graph.check(glossary)                    # doctest: +SKIP
>>> rows = graph.sparql(glossary, "SELECT ?c WHERE { ?c a skos:Concept }")  # doctest: +SKIP
>>> graph.export(glossary, "ttl", "exports/data.ttl")  # doctest: +SKIP
>>> glossary.check() == findings                       # doctest: +SKIP
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import export as _export_package  # noqa: F401  (loaded first: `export` below is the function)
from . import model
from .errors import GlossgraphError
from .findings import Finding
from .model import Term, fold, slugify
from .version import __version__

if TYPE_CHECKING:  # pragma: no cover
    import networkx
    import pyoxigraph
    import rdflib

__all__ = [
    "__version__",
    "Finding",
    "Glossary",
    "GlossgraphError",
    "Term",
    "check",
    "export",
    "fold",
    "load",
    "show",
    "sparql",
    "slugify",
    "to_html",
]


def load(path: str | Path = "data", **options: Any) -> Glossary:
    """Load a glossary (YAML folder or file, or SKOS file); see `graph.sources.load_glossary`.

    The configuration (`glossgraph.toml` or `[tool.glossgraph]`) found from
    `path` upwards is applied unless `config` is given.
    """
    from .config import load_config
    from .sources import load_glossary

    config = options.pop("config", None)
    if config is None:
        config = load_config(Path(path)) if Path(path).exists() else {}
    return Glossary.of(load_glossary(path, config, **options))


def check(glossary: model.Glossary, **options: Any) -> list[Finding]:
    """Run the rule catalogue on a glossary; returns load findings plus rule findings.

    See `graph.checks.run_checks` for the options.
    """
    from .checks import run_checks

    return run_checks(glossary, **options)


def sparql(glossary: model.Glossary, query: str, **options: Any) -> Any:
    """Run a read-only SPARQL query on the glossary's embedded store; see `graph.query.sparql`.

    (`graph.query` is the package holding the SPARQL machinery and named queries.)
    """
    from .query import sparql as run_sparql

    return run_sparql(glossary, query, **options)


def export(glossary: model.Glossary, fmt: str, path: str | Path, **options: Any) -> list[Path]:
    """Write the glossary in a registered format; returns the files written."""
    from .export import export as write

    return write(glossary, fmt, path, **options)


def to_html(glossary: model.Glossary, path: str | Path, **options: Any) -> list[Path]:
    """Write the offline HTML explorer to `path`."""
    return export(glossary, "html", path, **options)


def show(glossary: model.Glossary, **options: Any) -> Any:
    """Render the HTML explorer inline in Jupyter."""
    from .export.html import show as render

    return render(glossary, **options)


class Glossary(model.Glossary):
    """A glossary (`graph.model.Glossary`) with the API above as methods, and its views.

    `graph.load` returns one; `Glossary.of` turns any loaded glossary into one.
    """

    @classmethod
    def of(cls, glossary: model.Glossary) -> Glossary:
        """The same glossary object, with these methods (no copy)."""
        glossary.__class__ = cls
        return glossary  # type: ignore[return-value]

    def check(self, **options: Any) -> list[Finding]:
        """Run the rule catalogue; see `graph.checks.run_checks`."""
        return check(self, **options)

    def sparql(self, query: str, **options: Any) -> Any:
        """Run a SPARQL query on the embedded store; see `graph.query.sparql`."""
        return sparql(self, query, **options)

    def export(self, fmt: str, path: str | Path, **options: Any) -> list[Path]:
        """Write the glossary in a registered format; see `graph.export.export`."""
        return export(self, fmt, path, **options)

    def to_html(self, path: str | Path, **options: Any) -> list[Path]:
        """Write the offline HTML explorer to `path`."""
        return to_html(self, path, **options)

    def show(self, **options: Any) -> Any:
        """Render the HTML explorer inline in Jupyter."""
        return show(self, **options)

    @property
    def nx(self) -> networkx.MultiDiGraph:
        """The networkx view (built on first use, then kept): `graph.views.nx.nx_view`."""
        from .views.nx import nx_view

        return nx_view(self)

    @property
    def store(self) -> pyoxigraph.Store:
        """The pyoxigraph store holding the SKOS view (built on first use)."""
        from .views.skos import store_of

        return store_of(self)

    @property
    def rdf(self) -> rdflib.Graph:
        """An rdflib Graph over the same Oxigraph store (oxrdflib)."""
        from .views.skos import rdflib_graph_of

        return rdflib_graph_of(self)
