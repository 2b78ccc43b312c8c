"""glossgraph: a glossary kept as YAML files is a graph; explore, check and query it.

The public API. The CLI (`graph.cli`) is a thin shell over these functions.

Examples
--------
>>> import graph
>>> glossary = graph.load("data")                       # doctest: +SKIP
>>> findings = graph.check(glossary)                    # doctest: +SKIP
>>> rows = graph.sparql(glossary, "SELECT ?c WHERE { ?c a skos:Concept }")  # doctest: +SKIP
>>> graph.export(glossary, "ttl", "exports/data.ttl")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import export as _export_package  # noqa: F401  (loaded first: `export` below is the function)
from .errors import GlossgraphError
from .findings import Finding
from .model import Glossary, Term, fold, slugify
from .version import __version__

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
    "sparql",
    "slugify",
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
    return load_glossary(path, config, **options)


def check(glossary: Glossary, **options: Any) -> list[Finding]:
    """Run the rule catalogue on a glossary; returns load findings plus rule findings."""
    return glossary.check(**options)


def sparql(glossary: Glossary, query: str, **options: Any) -> Any:
    """Run a read-only SPARQL query on the glossary's embedded store; see `graph.query.sparql`.

    (`graph.query` is the package holding the SPARQL machinery and named queries.)
    """
    return glossary.sparql(query, **options)


def export(glossary: Glossary, fmt: str, path: str | Path, **options: Any) -> list[Path]:
    """Write the glossary in a registered format; returns the files written."""
    return glossary.export(fmt, path, **options)
