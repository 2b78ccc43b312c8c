"""Configuration: `glossgraph.toml`, or `[tool.glossgraph]` in a `pyproject.toml`.

The file is searched from the data path upwards; the first one found wins.
Command-line options override what it says.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["KNOWN_KEYS", "find_config", "load_config"]

#: Keys understood in the configuration, with the type each must have.
KNOWN_KEYS: dict[str, type | tuple[type, ...]] = {
    "data": str,
    "base_iri": str,
    "title": str,
    "language": str,
    "select": list,
    "ignore": list,
    "severity": dict,
    "stale_after_days": int,
    "schema": str,
    "flat": bool,
    "fields": dict,
    "fail_on": str,
    "out": str,
    "rdf_extra": str,
    "embeddings": str,  # a local model folder for GG503 (graph/suggest/embeddings.py)
}


def find_config(start: Path) -> Path | None:
    """The nearest `glossgraph.toml` or `pyproject.toml` with a `[tool.glossgraph]` table."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = folder / "glossgraph.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.glossgraph]" in _read(pyproject):
            return pyproject
    return None


def load_config(start: Path) -> dict[str, Any]:
    """Read the configuration that applies to `start`; {} when there is none.

    Relative paths in it (`data`, `schema`) are made relative to the file's
    folder. The result carries the file path under the key ``"_path"``.

    Raises
    ------
    ConfigError
        When the file is not valid TOML or a key has the wrong type.
    """
    path = find_config(start)
    if path is None:
        return {}
    try:
        document = tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    table = document.get("tool", {}).get("glossgraph", {}) if path.name == "pyproject.toml" else document
    config: dict[str, Any] = {}
    for key, value in table.items():
        expected = KNOWN_KEYS.get(key)
        if expected is None:
            known = ", ".join(sorted(KNOWN_KEYS))
            raise ConfigError(f"{path}: unknown setting {key!r}", hint=f"known settings: {known}")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"{path}: setting {key!r} should be {expected.__name__}")
        config[key] = value
    if "fields" in config:
        from .sources.yaml_fields import FieldMapError, compile_fields

        try:
            compile_fields(config["fields"])
        except FieldMapError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    for key in ("data", "schema", "rdf_extra"):
        if key in config:
            config[key] = str((path.parent / config[key]).resolve())
    config["_path"] = str(path)
    return config


#: A configuration file larger than this is refused (it holds a few settings).
_MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path) -> str:
    from .fileio import read_regular

    try:
        return read_regular(path, _MAX_CONFIG_BYTES)[0].decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
