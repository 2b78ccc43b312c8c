"""Sources: turn a path (YAML folder or file, or an RDF file) into a Glossary.

Loading never raises on bad content: files that cannot be read become load
findings and the rest loads. Only a missing path raises `DataPathError`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import DataPathError
from ..findings import Finding
from ..gcpause import paused_gc
from ..model import DEFAULT_BASE_IRI, Glossary, Scheme, Term
from .yaml_terms import LOADER, read_yaml_file

__all__ = ["YAML_SUFFIXES", "RDF_SUFFIXES", "load_glossary", "yaml_files", "yaml_file_names", "FileList",
           "read_yaml_terms"]

from .suffixes import RDF_SUFFIXES, YAML_SUFFIXES

_SKIP_DIRS = {".git", ".glossgraph-cache", "__pycache__", "node_modules", ".venv"}


def yaml_files(root: Path) -> list[Path]:
    """Every `*.yml` / `*.yaml` file under `root`, sorted, skipping hidden folders."""
    return [Path(name) for name in yaml_file_names(root)]


class FileList(list):
    """File names, plus the folders that could not be listed: (folder, why) in `unreadable`."""

    unreadable: list[tuple[str, str]]


def yaml_file_names(root: Path) -> FileList:
    """`yaml_files` as strings: 100k Path objects cost about a second, and loading needs none.

    A folder that cannot be listed is noted in the result's `unreadable`
    (loading reports it as GG004), never skipped silently.
    """
    found: list[str] = []
    unreadable: list[tuple[str, str]] = []

    def note(error: OSError) -> None:
        unreadable.append((error.filename or str(root), error.strerror or str(error)))

    for folder, dirs, files in os.walk(root, onerror=note):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        prefix = os.path.join(folder, "")
        found.extend(prefix + name for name in files if name.endswith(YAML_SUFFIXES))
    listing = FileList(sorted(found, key=_path_order))
    listing.unreadable = sorted(unreadable)
    return listing


def _path_order(name: str) -> str:
    """The order of sorted(paths) as Path objects (part by part), as one string.

    Joining the parts with NUL, which sorts before any character a name can
    hold, compares like the list of parts, at a fraction of the cost.

    >>> names = ["a.b/c.yml", "a/b.yml", "a/b/c.yml"]
    >>> sorted(names, key=_path_order) == sorted(names, key=lambda n: n.split("/"))
    True
    >>> sorted(names, key=_path_order)
    ['a/b/c.yml', 'a/b.yml', 'a.b/c.yml']
    """
    return os.path.normcase(name).replace(os.sep, "\0")


def read_yaml_terms(
    files: Sequence[str | Path],
    root: Path,
    loader: type = LOADER,
    field_map: dict[str, str] | None = None,
) -> Iterator[tuple[Path, list[Term], list[Finding]]]:
    """Parse each file in turn, yielding (path, terms, findings)."""
    for name in files:
        path = Path(name)
        terms, findings = read_yaml_file(path, _display(path, root), loader=loader, field_map=field_map)
        yield path, terms, findings


def load_glossary(
    path: str | Path,
    config: dict[str, Any] | None = None,
    *,
    lang: str | None = None,
    rdf_format: str | None = None,
    loader: type = LOADER,
    cache: Any = None,
    progress: Any = None,
    files: Sequence[str] | None = None,
    contexts: dict[str, str | Path] | None = None,
) -> Glossary:
    """Load a glossary from a YAML folder, a YAML file or an RDF file.

    Parameters
    ----------
    path : str or Path
        The data to load.
    config : dict, optional
        Configuration (base_iri, title, language, fields ...).
    lang : str, optional
        Preferred label language for RDF sources.
    rdf_format : str, optional
        rdflib format name, overriding the file suffix.
    cache : optional
        A parse cache (see `graph.cache`), or None to parse every file. Its
        file is written while the glossary is built, and on disk on return.
    progress : callable, optional
        Called as ``progress(done, total)`` while files are parsed.
    files : list of str, optional
        The YAML files under a folder `path`, when the caller has listed them
        already (as `yaml_file_names` does).
    contexts : dict, optional
        JSON-LD data: remote ``@context`` URL -> local file (nothing is fetched).

    Raises
    ------
    DataPathError
        When `path` does not exist.
    """
    config = dict(config or {})
    root = Path(path)
    if not root.exists():
        raise DataPathError(f"data path not found: {root}", hint="pass --data PATH")
    scheme = Scheme(
        title=config.get("title") or _default_title(root),
        base_iri=config.get("base_iri") or DEFAULT_BASE_IRI,
        language=config.get("language") or "en",
    )
    if root.is_file() and (rdf_format or root.suffix.lower() in RDF_SUFFIXES):
        from .skos import read_skos

        fmt = rdf_format or RDF_SUFFIXES[root.suffix.lower()]
        with paused_gc():  # one pause for reading and resolving: no collection in between
            terms, findings, scheme = read_skos(root, fmt, lang=lang or config.get("language"),
                                                scheme=scheme, contexts=contexts)
            return Glossary(terms, scheme, findings, source=str(root), config=config)
    if files is None:
        files = [str(root)] if root.is_file() else yaml_file_names(root)
    unlisted = [Finding("GG004", "unreadable", "error", f"cannot list the folder: {why}; its files "
                        "are not loaded", file=_display(Path(folder), root))
                for folder, why in getattr(files, "unreadable", ())]
    if root.is_dir() and not files and not unlisted:
        raise DataPathError(f"no *.yml or *.yaml files under {root}")
    base = root.parent if root.is_file() else root
    field_map = _checked_fields(config)
    terms: list[Term] = []
    findings: list[Finding] = unlisted
    if cache is not None:
        parsed = cache.read(files, base, loader=loader, field_map=field_map, progress=progress)
    else:
        parsed = _with_progress(read_yaml_terms(files, base, loader, field_map), len(files), progress)
    collecting = gc.isenabled()
    with paused_gc():
        for _, file_terms, file_findings in parsed:
            terms.extend(file_terms)
            findings.extend(file_findings)
        glossary = Glossary(terms, scheme, findings, source=str(root), config=config)
        if collecting:
            _age_objects()
    if cache is not None:
        cache.wait()  # the cache file was written while the glossary was built
    return glossary


def _checked_fields(config: dict[str, Any]) -> dict[str, str] | None:
    """The `fields` setting, checked once here (files are parsed elsewhere, in parallel).

    Raises
    ------
    ConfigError
        When it names an unknown field or a path that is no key, dotted path or pattern.
    """
    fields = config.get("fields")
    if not fields:
        return None
    from ..errors import ConfigError
    from .yaml_fields import FieldMapError, compile_fields

    try:
        compile_fields(fields)
    except (FieldMapError, AttributeError) as exc:
        where = f"{config['_path']}: " if config.get("_path") else ""
        raise ConfigError(f"{where}{exc}") from None
    return fields


def _age_objects() -> None:
    """Move every object the collector tracks to its oldest generation, without a collection.

    A load makes millions of objects that stay alive while the collector is
    paused; once it runs again, its next young collection would scan them all
    (about a second at 100k terms) only to find them alive and move them on.
    Freezing and unfreezing moves them to the oldest generation directly, where
    a full collection still sees them.

    >>> import gc
    >>> kept = [[] for _ in range(1000)]
    >>> _age_objects()
    >>> gc.get_count()[0] < 1000 and gc.get_freeze_count() == 0
    True
    """
    gc.freeze()
    gc.unfreeze()


def _with_progress(items: Iterator, total: int, progress: Any) -> Iterator:
    for done, item in enumerate(items, start=1):
        if progress is not None:
            progress(done, total)
        yield item


def _display(path: Path, root: Path) -> str:
    """The path as shown to users: relative to the working directory when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _default_title(root: Path) -> str:
    """A title from the path: `ai-glossary/terms` -> 'ai-glossary'; `data/terms` -> 'glossary'."""
    resolved = root.resolve()
    name = resolved.stem if resolved.is_file() else resolved.name
    if name == "terms":
        name = resolved.parent.name
    if name in ("", "data", "terms"):
        return "glossary"
    return name
