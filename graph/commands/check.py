"""Check commands: `check` (run the rules) and `rules` (the catalogue)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import ConfigError
from ..fileio import readable_text
from ..findings import SEVERITIES, Finding, severity_rank
from ..result_cache import CheckCache, Extent, Previous
from .options import (
    data_options,
    format_option,
    freeze_for_command,
    open_glossary,
    resolve_data_path,
    uses_cache,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..cache import ParseCache

__all__ = ["check", "rules", "COMMANDS"]

_CODES_HELP = "Comma-separated rule codes, prefixes (GG2) or names"


def _use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")  # no-color.org: set, not empty


def _codes(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


@click.command()
@data_options
@format_option("text", "json", "sarif", "github")
@click.option("--select", default=None, help=f"{_CODES_HELP} to run (default: all, or configured).")
@click.option("--ignore", default=None, help=f"{_CODES_HELP} to leave out.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding is at least this severe (default: configured, else error).")
@click.option("--schema", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="JSON Schema every term must follow (GG401; default: configured).")
@click.option("--statistics", is_flag=True, help="Also count the findings of each rule (text format).")
def check(glossary_options: dict, fmt: str, select: str | None, ignore: str | None,
          fail_on: str | None, schema: Path | None, statistics: bool) -> None:
    """Run the rule catalogue and report each problem with its file and line.

    Exits 0 when no finding reaches --fail-on, 1 when one does, 2 on usage or
    input errors. `glossgraph rules` lists the rules.
    """
    from ..checks.output import render

    findings, extent, config, saving = _checked(glossary_options, select=_codes(select),
                                                ignore=_codes(ignore),
                                                schema=str(schema) if schema else None)
    options = {"color": _use_color(), "statistics": statistics} if fmt == "text" else {}
    text = render(fmt, extent, findings, **options)
    if text:
        click.echo(readable_text(text))  # a file name not in UTF-8 shows as U+FFFD
    if saving is not None:
        saving.result()  # the check cache is complete before the command ends
    threshold = fail_on or config.get("fail_on", "error")
    if threshold not in SEVERITIES:
        raise ConfigError(f"fail_on: {threshold!r} is not one of {', '.join(SEVERITIES)}")
    if any(severity_rank(f.severity) <= severity_rank(threshold) for f in findings):
        sys.exit(1)


def _checked(glossary_options: dict, **options: Any) -> tuple[list[Finding], Extent, dict, Any]:
    """(findings, extent, configuration, the cache write or None).

    The findings are read back when nothing changed; after an edit of a few
    files that leaves every link and label as it was, they are rechecked from
    the last ones (`graph.checks.incremental`); else the rules run. Then the
    check cache (and the memo) is written by a forked child (`graph.forked`)
    while this process prints the report (0.9 s at 100k terms): call
    ``result()`` on the last item before the command ends.
    """
    from ..cache import open_cache
    from ..checks import run_checks, selected_rules
    from ..checks.incremental import compared_fields
    from ..checks.memo import Memo
    from ..forked import Forked

    freeze_for_command()  # what follows, read back or loaded, lives until the command ends
    path, config = resolve_data_path(glossary_options.get("data"))
    cache, key, listing = _check_cache(path, config, glossary_options, options)
    hit = cache.get(key) if cache is not None else None
    if hit is not None:
        return hit[1], hit[0], config, None
    parse_cache = open_cache(path, glossary_options.get("cache_dir")) if cache is not None else None
    compared = compared_fields(selected_rules(config, **options))  # what an edit must keep
    rechecked = (_recheck(cache, parse_cache, path, listing[0], config, options, compared)
                 if cache is not None else None)
    if rechecked is not None:
        findings, extent, signatures = rechecked
        return findings, extent, config, Forked(lambda: cache.put(key, extent, findings, signatures))
    glossary = open_glossary(glossary_options, listing, parse_cache, require_terms=False)
    memo = Memo(cache.memo() if cache is not None else None)
    findings = run_checks(glossary, memo=memo, **options)
    extent = Extent.of(glossary)
    if cache is None:
        return findings, extent, glossary.config, None
    # Picked here: the writer child would copy every term's page to read its file.
    left_out = _terms_of(glossary, set(parse_cache.unwritten))
    return (findings, extent, glossary.config,
            Forked(lambda: _save(cache, key, extent, findings, memo, left_out, compared)))


def _terms_of(glossary: Any, files: set[str]) -> dict[str, list]:
    """The terms of each of `files` (display paths), in load order."""
    by_file: dict[str, list] = {}
    if files:
        for term in glossary:
            if term.file in files:
                by_file.setdefault(term.file, []).append(term)
    return by_file


def _save(cache: CheckCache, key: bytes | None, extent: Extent, findings: list[Finding],
          memo: Any, left_out: dict[str, list], compared: tuple[str, ...]) -> None:
    """Write the check cache and the memo; the files the parse cache left out (a few just
    edited: `left_out`, file -> terms) get their signatures in the check cache, for the
    next incremental check."""
    from ..checks.incremental import signature

    cache.put(key, extent, findings,
              {file: signature(terms, compared) for file, terms in left_out.items()})
    if memo.changed:
        cache.save_memo(memo.used)


def _recheck(cache: CheckCache, parse_cache: ParseCache, path: Path, files: list[str], config: dict,
             options: dict, compared: tuple[str, ...]) -> tuple[list[Finding], Extent, dict] | None:
    """(findings, extent, file signatures) from the last check and the files changed since, or
    None when it cannot be done exactly (`graph.checks.incremental`)."""
    from ..checks.incremental import recheck, signature, worth_trying
    from ..sources.yaml_terms import LOADER, read_yaml_file

    previous = cache.previous()
    changed = previous.listing.changed(cache.listing) if previous is not None else None
    if changed is None or len(cache.listing.names) != len(files):  # a file unreadable
        return None
    if not worth_trying(len(changed), len(files)):
        return None
    last = _last_versions(parse_cache, path, changed, previous, config, compared)
    if last is None:
        return None
    read = {display: read_yaml_file(name, display, loader=LOADER, field_map=config.get("fields"))
            for name, display in zip(changed, last)}
    now = {display: signature(terms, compared) for display, (terms, _) in read.items()}
    findings = recheck(previous.findings, last, now, read, config, options)
    if findings is None:
        return None
    return findings, previous.extent, {**previous.signatures, **now}


def _last_versions(parse_cache: ParseCache, path: Path, changed: list[str], previous: Previous,
                   config: dict, compared: tuple[str, ...]) -> dict[str, Any] | None:
    """The signature each changed file had at the last check, by display path; None if unknown.

    A file edited since the last full check has its signature in the check
    cache; any other is read back from the parse cache, if the entry there is
    of the version the last check saw.
    """
    from ..checks.incremental import signature
    from ..sources import _display

    last = {name: previous.signatures.get(_display(Path(name), path)) for name in changed}
    unknown = [name for name, known in last.items() if known is None]
    if unknown:
        base = path.parent if path.is_file() else path
        stored = parse_cache.stored(unknown, base, field_map=config.get("fields"))
        for name in unknown:
            stamp, (_, terms, _) = stored.get(name, (None, (None, None, None)))
            if stamp is None or tuple(stamp) != previous.listing.stamp(name):
                return None
            last[name] = signature(terms, compared)
    return {_display(Path(name), path): last[name] for name in changed}


def _check_cache(path: Path, config: dict, glossary_options: dict, options: dict) -> tuple:
    """(check cache, this run's key, (files, stamps) for the load); Nones when not cached.

    The check cache is used exactly where the parse cache is (`uses_cache`).
    """
    from ..cache import default_cache_dir, file_stamp
    from ..checks.registry import catalogue_stamp
    from ..sources import yaml_file_names
    from ..suggest.embeddings import model_stamp

    if not path.exists() or not uses_cache(path, glossary_options):
        return None, None, None
    files = [str(path)] if path.is_file() else yaml_file_names(path)
    if not files:
        return None, None, None
    schema = options.get("schema") or config.get("schema")
    inputs = {"options": options, "config": config, "today": dt.date.today().isoformat(),
              "rules": catalogue_stamp(),  # every rule's declaration and code
              "schema": [str(schema), file_stamp(schema)] if schema else None,
              "embeddings": model_stamp(config)}  # GG503's model folder, when configured
    cache = CheckCache(glossary_options.get("cache_dir") or default_cache_dir(path))
    key = cache.key(path, files, inputs)
    return cache, key, (files, cache.stamps)


@click.command()
@click.argument("code", required=False)
@format_option("text", "json", "markdown")
def rules(code: str | None, fmt: str) -> None:
    """List every rule (code, name, severity, fixable), or print the documentation of CODE."""
    from ..checks import RULES, find_rule
    from ..checks.docs import rule_text, rules_markdown, rules_table

    if code:
        the_rule = find_rule(code)
        text = json.dumps(the_rule.to_dict(), indent=2) if fmt == "json" else rule_text(the_rule)
        click.echo(text.rstrip())
    elif fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in RULES.values()], indent=2))
    elif fmt == "markdown":
        click.echo(rules_markdown(), nl=False)
    else:
        for row_code, name, severity, mark in rules_table():
            click.echo(f"{row_code}  {name:<27} {severity:<8} {mark}".rstrip())


COMMANDS = [check, rules]
