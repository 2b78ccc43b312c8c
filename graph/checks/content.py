"""Content rules (GG4xx): the fields of each term are complete, typed and current."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..errors import ConfigError
from ..model import Term
from .registry import CheckContext, Problem, relation_phrase, rule

__all__ = [
    "schema_violation",
    "missing_definition",
    "stale_review",
    "invalid_citation",
    "links_to_deprecated",
    "load_validator",
    "schema_path",
]

_MAX_MESSAGE = 160


@lru_cache(maxsize=8)
def load_validator(path: str) -> Any:
    """A jsonschema validator for the JSON Schema file at `path` (cached).

    Raises
    ------
    ConfigError
        When the file cannot be read or is not a valid JSON Schema.
    """
    import jsonschema

    try:
        schema = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read JSON Schema {path}: {exc}") from None
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise ConfigError(f"{path} is not a valid JSON Schema: {exc.message}") from None
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_path(parts: list[Any]) -> str:
    """A field path as the loader records positions: relationships.related[2].

    >>> schema_path(["relationships", "related", 2])
    'relationships.related[2]'
    """
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _position_path(term: Term, parts: list[Any]) -> Any:
    for end in range(len(parts), 0, -1):
        path = schema_path(parts[:end])
        if path in term.positions:
            return term.position_of(path)
    return term.position


def _short(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


@rule("GG401", "schema-violation", "error", scope="file", reads=["everything"])
def schema_violation(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports fields that break the JSON Schema named by the config's
        `schema` or by `--schema FILE`. Without a schema, it reports only
        built-in type checks of known fields (a list where text belongs,
        and the like).

    Why it matters:
        Site generators and other consumers of the YAML rely on the shape;
        one wrong type breaks their build.

    Example:
        term: alpha
        aliases: a             # should be a list

    Fix:
        Change the field at the line shown to the shape the schema asks for.
    """
    for term in ctx.glossary:
        reported = set()
        for path, message, position in term.field_errors:
            reported.add(path)
            yield Problem(term, f"'{term.label}': {message}", position)
        if ctx.schema:
            yield from _schema_problems(term, load_validator(ctx.schema), reported)


def _schema_problems(term: Term, validator: Any, reported: set[str]) -> Iterator[Problem]:
    errors = sorted(validator.iter_errors(term.to_dict()), key=lambda e: list(map(str, e.path)))
    for error in errors:
        parts = list(error.absolute_path)
        path = schema_path(parts)
        where = parts + _extra_keys(error)[:1]
        if path in reported:
            continue
        field = f"{path}: " if path else ""
        message = _short(f"'{term.label}': {field}{error.message}")
        yield Problem(term, message, _position_path(term, where))


def _extra_keys(error: Any) -> list[str]:
    """The keys an additionalProperties error is about (to point at the first one)."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return sorted(key for key in error.instance if key not in allowed)


@rule("GG402", "missing-definition", "warning", scope="file", reads=["label", "short_def"])
def missing_definition(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a term without a short definition (`short_def`).

    Why it matters:
        A glossary entry without a definition tells the reader nothing;
        the SKOS export has no skos:definition for it.

    Example:
        term: alpha
        long_def: ...          # but no short_def

    Fix:
        Write a one-sentence short_def.
    """
    for term in ctx.glossary:
        if not (term.short_def or "").strip():
            yield Problem(term, f"'{term.label}' has no short definition (short_def)",
                          suggestion="add a one-sentence short_def")


@rule("GG403", "stale-review", "info", scope="file", reads=["label", "last_reviewed"])
def stale_review(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a term whose `last_reviewed` date is older than
        `stale_after_days` (default 365), missing, or not a date.

    Why it matters:
        Definitions in fast-moving fields go out of date; the review date
        tells readers how far to trust them.

    Example:
        last_reviewed: '2021-01-15'

    Fix:
        Review the term and update last_reviewed to today's date.
    """
    for term in ctx.glossary:
        if not term.last_reviewed:
            yield Problem(term, f"'{term.label}' has no last_reviewed date",
                          term.position_of("last_reviewed"))
            continue
        try:
            reviewed = _date(str(term.last_reviewed)[:10])
        except ValueError:
            yield Problem(term, f"'{term.label}': last_reviewed '{term.last_reviewed}' is not a "
                          "date (YYYY-MM-DD)", term.position_of("last_reviewed"))
            continue
        age = (ctx.today - reviewed).days
        if age > ctx.stale_after_days:
            where = term.position_of("last_reviewed")
            yield Problem(term, f"'{term.label}' was last reviewed on {reviewed.isoformat()}, "
                          f"{age} days ago (more than {ctx.stale_after_days})", where,
                          suggestion="review the term and update last_reviewed")


@lru_cache(maxsize=4096)
def _date(text: str) -> dt.date:
    """`date.fromisoformat`, cached: review dates repeat across terms."""
    return dt.date.fromisoformat(text)


@rule("GG404", "invalid-citation", "warning", scope="file", reads=["label", "citations"])
def invalid_citation(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a citation without a source, or whose url is not an
        absolute http(s) URL.

    Why it matters:
        A citation readers cannot follow or attribute does not support the
        definition.

    Example:
        citations:
        - url: www.example.org/paper   # no source, no scheme

    Fix:
        Give every citation a source and a full https:// URL.
    """
    for term in ctx.glossary:
        for index, citation in enumerate(term.citations):
            if not str(citation.get("source") or "").strip():
                yield Problem(term, f"'{term.label}': citation {index + 1} has no source",
                              term.position_of(f"citations[{index}]"))
            url = citation.get("url")
            if url is not None and not _is_http_url(str(url)):
                yield Problem(term, f"'{term.label}': citation {index + 1} has url '{url}', "
                              "which is not an absolute http(s) URL",
                              term.position_of(f"citations[{index}]"))


#: The usual shape of a good URL, recognised without urlparse (which costs 15 us a call).
_PLAIN_HTTP_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][!-~]*)?")


def _is_http_url(url: str) -> bool:
    """Whether `url` is an absolute http(s) URL.

    >>> _is_http_url("https://example.org/a?b#c"), _is_http_url("www.example.org/paper")
    (True, False)
    """
    return _PLAIN_HTTP_URL.fullmatch(url) is not None or _parsed_http_url(url)


@lru_cache(maxsize=65536)
def _parsed_http_url(url: str) -> bool:
    """The exact test, through urlparse (cached: glossaries repeat their sources).

    >>> _parsed_http_url("http://[oops/x")  # urlparse raises on a broken IPv6 host
    False
    """
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in url.strip()


@rule("GG405", "links-to-deprecated", "warning", reads=["links", "status"])
def links_to_deprecated(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a term that is not deprecated linking to a deprecated one.

    Why it matters:
        Readers are sent to a concept the glossary no longer recommends.

    Example:
        term: alpha
        relationships:
          related: [old name]  # status: deprecated

    Fix:
        Point the link at the replacement term, or remove it.
    """
    terms = ctx.glossary.terms
    deprecated = {term.id for term in ctx.glossary if term.is_deprecated}
    for link in ctx.glossary.links:
        if link.target not in deprecated:  # most glossaries deprecate few terms, or none
            continue
        owner, target = terms[link.source], terms[link.target]
        if not owner.is_deprecated and owner is not target:
            message = (f"'{owner.label}' {relation_phrase(link.relation)} '{target.label}', "
                       "which is deprecated")
            yield Problem.at_reference(owner, link.reference, message,
                                       suggestion="link the replacement term instead")
