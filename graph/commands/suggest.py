"""`glossgraph suggest`: the links a glossary lacks, with evidence; `--write` adds them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..findings import SUGGESTION, Finding
from ..suggest import Chosen, Suggestion
from ..terminal import escape_controls
from .options import data_options, format_option, open_glossary

__all__ = ["suggest", "COMMANDS", "suggestions_json", "json_chunks"]

_CODES_HELP = "Comma-separated suggestion codes (GG501-GG505), prefixes or names"


@click.command()
@data_options
@format_option("text", "json", "sarif", "github")
@click.option("--select", default=None, help=f"{_CODES_HELP} to run (default: all five).")
@click.option("--ignore", default=None, help=f"{_CODES_HELP} to leave out (default: configured).")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="Suggestions kept per term.")
@click.option("--min-score", type=click.FloatRange(0.0, 1.0), default=0.2, show_default=True,
              help="The lowest combined score shown.")
@click.option("--write", is_flag=True, help="Add the suggested links to the term files (diff first).")
@click.option("--accept", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Apply the suggestions listed in this (edited) --format json output instead.")
def suggest(glossary_options: dict, fmt: str, select: str | None, ignore: str | None, top: int,
            min_score: float, write: bool, accept: Path | None) -> None:
    """Propose the links the glossary lacks, each with a score and its evidence.

    GG501 unlinked mention, GG502 label inclusion (broader), GG503 similar
    definitions, GG504 shared neighbours, GG505 near duplicates. Pairs already
    linked, or in one broader chain, are never proposed. Without --write
    nothing changes; --write (or --accept FILE) prints the diff and adds the
    links as `glossgraph fix --write` does.
    """
    from ..suggest import chosen
    from ..suggest.apply import read_accepted

    glossary = open_glossary(glossary_options)
    if accept is not None:
        _write(glossary, read_accepted(glossary, accept))
        return
    select_codes, ignore_codes = _codes(glossary, select, ignore)
    found = chosen(glossary, select=select_codes, ignore=ignore_codes, top=top,
                   min_score=min_score)
    if write:
        _write(glossary, list(found))
        return
    if fmt in ("json", "text"):  # written as worded: the list is never whole in memory
        chunks = json_chunks(glossary, found) if fmt == "json" else _text_chunks(glossary, found)
        for chunk in chunks:  # as UTF-8 bytes, which click does not scan for ANSI codes (2 s
            click.echo(chunk.encode("utf-8"), nl=False)  # for the JSON at 100,000 terms)
        click.echo()
        return
    click.echo(_render(fmt, glossary, list(found)))


def _codes(glossary: Any, select: str | None, ignore: str | None) -> tuple[Any, list[str]]:
    from ..checks.registry import expand_codes

    config = glossary.config or {}
    ignored = expand_codes(ignore, "ignore") if ignore else expand_codes(config.get("ignore"), "ignore")
    return expand_codes(select, "select") if select else None, ignored or []


def suggestions_json(glossary: Any, found: list) -> dict[str, Any]:
    """{"summary": {...}, "suggestions": [...]}: what `--format json` prints."""
    return {"summary": _summary(glossary, [s.code for s in found]),
            "suggestions": [item.to_dict() for item in found]}


def _summary(glossary: Any, codes: list[str]) -> dict[str, Any]:
    files = {term.file for term in glossary if term.file}
    return {"terms": len(glossary), "files": len(files), "suggestions": len(codes),
            "by_code": dict(sorted(Counter(codes).items()))}


def json_chunks(glossary: Any, found: Chosen | list, rows: int = 2000) -> Iterator[str]:
    """`--format json` in pieces of `rows` suggestions, one per line: easy to edit for --accept,
    written by json's C encoder (indent=2 takes the pure-Python one: 3.6 s for 47k suggestions),
    and never the whole text at once (240 MB at 100,000 terms). `found` is a list, or the
    `Chosen` suggestions, worded a batch at a time as they are written."""
    codes = found.codes() if isinstance(found, Chosen) else [s.code for s in found]
    summary = json.dumps(_summary(glossary, codes), ensure_ascii=False)
    if not codes:
        yield f'{{"summary": {summary},\n "suggestions": []}}'
        return
    yield f'{{"summary": {summary},\n "suggestions": [\n'
    first = True
    for batch in found.batches() if isinstance(found, Chosen) else [found]:
        for start in range(0, len(batch), rows):
            lines = ",\n".join(f"  {json.dumps(item.to_dict(), ensure_ascii=False)}"
                               for item in batch[start:start + rows])
            yield lines if first else f",\n{lines}"
            first = False
    yield "\n]}"


def _text_chunks(glossary: Any, found: Chosen) -> Iterator[str]:
    """`--format text`, a batch of suggestions at a time, then the count."""
    from ..checks.output import plural

    terms: set[str] = set()
    for batch in found.batches():
        terms.update(s.term for s in batch)
        yield escape_controls("".join(f"{_text_line(s)}\n" for s in batch))
    yield (f"{plural(len(found), 'suggestion')} for {plural(len(terms), 'term')} "
           f"({plural(len(glossary), 'term')} read)." if len(found) else
           f"No suggestions for {plural(len(glossary), 'term')}.")


def _text_line(s: Suggestion) -> str:
    return (f"{s.file or '(glossary)'}:{s.line or 1}:{s.column or 1}: {s.code} {s.message}"
            if s.file else f"(glossary): {s.code} {s.message}")


def _findings(found: list) -> list[Finding]:
    return [Finding(s.code, s.kind, SUGGESTION, s.message, s.file, s.line, s.column, s.term,
                    s.target, s.relation, s.evidence) for s in found]


def _render(fmt: str, glossary: Any, found: list) -> str:
    from ..checks.output import github_report, sarif_report

    if fmt == "sarif":
        return sarif_report(glossary, _findings(found))
    return github_report(glossary, _findings(found))


def _write(glossary: Any, found: list) -> None:
    """Print the diff, then write it as `glossgraph fix --write` does (locked, atomic)."""
    import os
    import sys

    from ..checks.fix_write import fix_lock
    from ..checks.output import plural
    from ..suggest.apply import plan_suggestions

    plan = plan_suggestions(glossary, found)
    for skipped in plan.skipped:
        click.echo(escape_controls(f"Not written: {skipped}"), err=True)
    if not plan.changes:
        click.echo("Nothing to write.", err=True)
        return
    click.echo(escape_controls(plan.diff()), nl=False)
    folders = sorted({os.path.dirname(term.file) or "." for term in glossary if term.file})
    with fix_lock(Path(glossary.source or ".")):
        report = plan.apply(folders)
    for name in report.changed + report.read_only:
        said = f"Not written: {name} changed meanwhile or is read-only; left as it is."
        click.echo(escape_controls(said), err=True)
    click.echo(f"Added {plural(plan.count, 'link')} in {plural(len(report.written), 'file')}.",
               err=True)
    if not report.complete:
        sys.exit(1)


COMMANDS = [suggest]
