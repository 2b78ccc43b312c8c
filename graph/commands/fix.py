"""`glossgraph fix`: repair what can be repaired safely, as a diff, or written with --write."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..checks.output import plural
from ..errors import GlossgraphError
from ..terminal import escape_controls
from .options import data_options, open_glossary, resolve_data_path

if TYPE_CHECKING:  # pragma: no cover
    from ..checks.fix import FixPlan
    from ..model import Glossary

__all__ = ["fix", "COMMANDS"]


class NotYamlError(GlossgraphError):
    """`fix` was given an RDF source: fixes edit YAML files."""


@click.command()
@data_options
@click.option("--select", default=None,
              help="Comma-separated rule codes, prefixes (GG2) or names to fix (default: every "
                   "fixable rule).")
@click.option("--write", is_flag=True, help="Apply the changes (default: print the diff only).")
def fix(glossary_options: dict, select: str | None, write: bool) -> None:
    """Fix what can be fixed safely, as a unified diff of the YAML files.

    Fixes GG102 (use the label), GG105 (drop the repeat), GG202 and GG203 (add
    the inverse entry in the other term's file), GG304 and GG305 (tidy
    labels). Nothing changes without --write; comments, key order and quoting
    are kept, and every other line stays byte for byte. The changes are
    checked in memory first: none that would raise a finding count is made.
    With --write, one run at a time per glossary; a file edited meanwhile or
    read-only is left alone (exit 1).
    """
    path, _ = resolve_data_path(glossary_options.get("data"))
    _refuse_rdf(path, glossary_options)
    if not write:
        _show(glossary_options, select)
        return
    from ..checks.fix_write import fix_lock

    if not path.exists():
        open_glossary(glossary_options)  # the usual "data path not found" error
    with fix_lock(path):
        _write(glossary_options, select)


def _refuse_rdf(path: Path, options: dict) -> None:
    from ..sources import RDF_SUFFIXES

    if options.get("rdf_format") or (path.is_file() and path.suffix.lower() in RDF_SUFFIXES):
        raise NotYamlError(f"{path} is RDF: fix edits YAML term files only",
                           hint=f"import it first: glossgraph import {path} --to DIR")


def _plan(glossary_options: dict, select: str | None) -> tuple[Glossary, FixPlan | None]:
    """The glossary and its fix plan, once the fixes left out are listed; no plan when there is
    nothing to change."""
    from ..checks.fix import plan_fixes

    codes = [part.strip() for part in select.split(",") if part.strip()] if select else None
    glossary = open_glossary(glossary_options)
    plan = plan_fixes(glossary, select=codes)
    for skipped in plan.skipped:
        click.echo(escape_controls(f"Not fixed: {skipped}"), err=True)
    if not plan.changes:
        click.echo("Nothing to fix.", err=True)
        return glossary, None
    return glossary, plan


def _show(glossary_options: dict, select: str | None) -> None:
    _, plan = _plan(glossary_options, select)
    if plan is None:
        return
    click.echo(escape_controls(plan.diff()), nl=False)
    if plan.raised:
        click.echo(f"These changes would raise {'; '.join(plan.raised)}: --write refuses them.",
                   err=True)
        sys.exit(1)
    click.echo(f"{plural(plan.count, 'fix', 'fixes')} in {plural(len(plan.changes), 'file')}; "
               "run with --write to apply them.", err=True)


def _write(glossary_options: dict, select: str | None) -> None:
    glossary, plan = _plan(glossary_options, select)
    if plan is None:
        return
    folders = sorted({os.path.dirname(term.file) or "." for term in glossary if term.file})
    report = plan.apply(folders)
    for name in report.changed:
        click.echo(escape_controls(f"Not written: {name} changed while fix was running; run fix again."),
                   err=True)
    for name in report.read_only:
        click.echo(escape_controls(f"Not written: {name} is read-only; left as it is."), err=True)
    fixed = plan.count - sum(plan.fixed_in.get(name, 0) for name in report.changed + report.read_only)
    click.echo(f"Fixed {plural(fixed, 'problem')} in {plural(len(report.written), 'file')}.", err=True)
    if not report.complete:
        sys.exit(1)


COMMANDS = [fix]
