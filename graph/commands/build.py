"""`glossgraph build`: the main job. Load, check, write the exports, summarise."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import DEFAULT_FORMATS, build_glossary
from ..findings import SEVERITIES, severity_rank
from .options import Activity, data_options, echo_json, format_option, open_glossary


@click.command()
@data_options
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder for the exports (default: configured, else ./exports).")
@click.option("--formats", default=",".join(DEFAULT_FORMATS), show_default=True,
              help="Comma-separated export formats (see `glossgraph export --help`).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding is at least this severe (default: configured, else error).")
@click.option("--problems", is_flag=True, default=False,
              help="Open the HTML export with the findings shown (default: hidden).")
@format_option("text", "json")
def build(glossary_options: dict, out: Path | None, formats: str, fail_on: str | None,
          problems: bool, fmt: str) -> None:
    """Load the glossary, run the checks, write the exports, print a summary.

    Exits 0 when no finding reaches --fail-on (default: error), else 1.
    """
    glossary = open_glossary(glossary_options)
    out = out or Path(glossary.config.get("out", "exports"))
    names = [name.strip() for name in formats.split(",") if name.strip()]
    summary = build_glossary(glossary, out, names, step=Activity, problems=problems)
    threshold = fail_on or glossary.config.get("fail_on", "error")
    failed = any(severity_rank(f.severity) <= severity_rank(threshold) for f in summary.findings)
    if fmt == "json":
        echo_json(summary.to_dict())
    else:
        for line in summary.lines():
            click.echo(line)
    if failed:
        raise SystemExit(1)


COMMANDS = [build]
