"""`glossgraph export FORMAT`: write the glossary in one registered format."""

from __future__ import annotations

from pathlib import Path

import click

from ..export import exporter, format_names
from ..model import slugify
from .options import Activity, data_options, open_glossary

__all__ = ["COMMANDS", "export", "default_output"]


def default_output(title: str, suffix: str, out: str = "exports") -> Path:
    """Where an export goes without -o: ``exports/<slug of the scheme title><suffix>``.

    >>> default_output("AI Glossary", ".ttl").as_posix()
    'exports/ai-glossary.ttl'
    """
    return Path(out) / f"{slugify(title)}{suffix}"


def _html_options(focus: str | None, depth: int | None, title: str | None, problems: bool) -> dict:
    options = {"focus": focus, "depth": depth, "title": title, "problems": problems or None}
    return {key: value for key, value in options.items() if value is not None}


@click.command()
@click.argument("fmt", metavar="FORMAT")
@data_options
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (csv: a folder, or a stem such as out/x.csv giving "
                   "out/x-terms.csv and out/x-links.csv). Default: exports/<title>.<suffix>.")
@click.option("--focus", default=None, help="html only: the term the explorer opens on.")
@click.option("--depth", type=click.IntRange(0), default=None,
              help="html only: links shown around --focus.")
@click.option("--title", default=None, help="html only: the page title.")
@click.option("--problems", is_flag=True, default=False,
              help="html only: open the page with the checks' findings shown (default: hidden).")
def export(fmt: str, glossary_options: dict, output: Path | None, focus: str | None,
           depth: int | None, title: str | None, problems: bool) -> None:
    """Write the glossary as FORMAT (ttl, nt, xml, jsonld, graphml, gexf, json, csv, html).

    Output is deterministic: exporting twice gives identical bytes.
    """
    chosen = exporter(fmt)  # an unknown format fails here, listing the known ones
    options = _html_options(focus, depth, title, problems)
    if options and chosen.name != "html":
        raise click.UsageError("--focus, --depth, --title and --problems apply to the html format only")
    glossary = open_glossary(glossary_options)
    out = glossary.config.get("out", "exports")
    path = output or default_output(glossary.scheme.title, chosen.suffix, out)
    with Activity(f"Writing {path}"):
        written = glossary.export(chosen.name, path, **options)
    for item in written:
        click.echo(f"Wrote {item}")


export.help = (export.help or "").replace(
    "(ttl, nt, xml, jsonld, graphml, gexf, json, csv, html)", f"({', '.join(format_names())})")

COMMANDS = [export]
