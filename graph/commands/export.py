"""`glossgraph export FORMAT`: write the glossary in one registered format."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from ..errors import GlossgraphError
from ..export import export as write_export
from ..export import exporter, format_names
from ..model import slugify
from .options import Activity, data_options, open_glossary

__all__ = ["COMMANDS", "export", "default_output", "output_target"]


def default_output(title: str, suffix: str, out: str = "exports") -> Path:
    """Where an export goes without -o: ``exports/<slug of the scheme title><suffix>``.

    >>> default_output("AI Glossary", ".ttl").as_posix()
    'exports/ai-glossary.ttl'
    """
    return Path(out) / f"{slugify(title)}{suffix}"


def output_target(output: str, default: Path, folder_format: bool = False,
                  parents: bool = False) -> Path:
    """Where ``-o OUTPUT`` writes: an existing folder gets the default file name inside it.

    `folder_format`: the format writes into a folder itself (csv), which is then
    the target. The folder the file goes into must exist, unless `parents`
    (then it is created when the export is written).

    Raises
    ------
    GlossgraphError
        When a part of the path is a file, or the folder is missing without `parents`.
    """
    path = Path(output)
    as_folder = output.endswith(("/", "\\")) or path.is_dir() or (folder_format and not path.suffix)
    if as_folder and not folder_format:
        path = path / default.name
    folder = path if as_folder and folder_format else path.parent
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise GlossgraphError(f"cannot write {path}: {part} is a file, not a folder")
            break
    if not folder.exists() and not parents:
        raise GlossgraphError(f"cannot write {path}: the folder {folder} does not exist",
                              hint="create it first, or pass --parents")
    return path


def _to_stdout(glossary, name: str, suffix: str, options: dict) -> None:
    """Export into a temporary folder, then copy the one file to stdout."""
    if name == "csv":
        raise click.UsageError("csv writes two files; -o - (stdout) needs a one-file format")
    with tempfile.TemporaryDirectory(prefix="glossgraph-") as folder:
        written = write_export(glossary, name, Path(folder) / f"export{suffix}", **options)
        sys.stdout.flush()
        stdout = sys.stdout.buffer
        with open(written[0], "rb") as handle:
            shutil.copyfileobj(handle, stdout)
        stdout.flush()


def _html_options(focus: str | None, depth: int | None, title: str | None, problems: bool,
                  suggestions: bool | None = None) -> dict:
    options = {"focus": focus, "depth": depth, "title": title, "problems": problems or None,
               "suggestions": suggestions}
    return {key: value for key, value in options.items() if value is not None}


@click.command()
@click.argument("fmt", metavar="FORMAT")
@data_options
@click.option("-o", "--output", default=None, metavar="PATH",
              help="File to write; '-' for stdout; an existing folder gets the default name "
                   "inside it (csv: a folder, or a stem such as out/x.csv giving "
                   "out/x-terms.csv and out/x-links.csv). Default: exports/<title>.<suffix>.")
@click.option("--parents", is_flag=True, help="Create the missing folders of -o PATH.")
@click.option("--focus", default=None, help="html only: the term the explorer opens on.")
@click.option("--depth", type=click.IntRange(0), default=None,
              help="html only: links shown around --focus.")
@click.option("--title", default=None, help="html only: the page title.")
@click.option("--problems", is_flag=True, default=False,
              help="html only: open the page with the checks' findings shown (default: hidden).")
@click.option("--suggestions/--no-suggestions", default=None,
              help="html only: add the suggested links (GG5xx, dotted grey in problems mode; "
                   "default: with --problems).")
def export(fmt: str, glossary_options: dict, output: str | None, parents: bool, focus: str | None,
           depth: int | None, title: str | None, problems: bool, suggestions: bool | None) -> None:
    """Write the glossary as FORMAT (ttl, nt, xml, jsonld, graphml, gexf, json, csv, html).

    Output is deterministic: exporting twice gives identical bytes.
    """
    chosen = exporter(fmt)  # an unknown format fails here, listing the known ones
    options = _html_options(focus, depth, title, problems, suggestions)
    if options and chosen.name != "html":
        raise click.UsageError("--focus, --depth, --title, --suggestions and --problems apply to "
                               "the html format only")
    glossary = open_glossary(glossary_options)
    out = glossary.config.get("out", "exports")
    default = default_output(glossary.scheme.title, chosen.suffix, out)
    if output == "-":
        _to_stdout(glossary, chosen.name, chosen.suffix, options)
        return
    path = default if output is None else output_target(output, default, chosen.name == "csv",
                                                        parents)
    with Activity(f"Writing {path}"):
        written = write_export(glossary, chosen.name, path, **options)
    for item in written:
        click.echo(f"Wrote {item}")


export.help = (export.help or "").replace(
    "(ttl, nt, xml, jsonld, graphml, gexf, json, csv, html)", f"({', '.join(format_names())})")

COMMANDS = [export]
