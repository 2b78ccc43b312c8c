"""`glossgraph import VOCAB --to DIR`: a SKOS vocabulary as one YAML file per concept."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import click

from ..errors import DataPathError, GlossgraphError
from ..sources import RDF_SUFFIXES
from ..terminal import escape_controls
from ..wording import plural
from ..yaml_out import write_glossary
from .options import context_files

__all__ = ["COMMANDS", "import_vocabulary"]

T = TypeVar("T")
#: Fewer files than this are written in well under a second: no progress bar.
_BAR_FROM = 500


def _on_terminal() -> bool:
    return sys.stderr.isatty()


def _status(message: str) -> None:
    """A line on stderr about a step that can take a while (only when stderr is a terminal)."""
    if _on_terminal():
        click.echo(message, err=True)


def _progress_bar(items: Iterable[T], length: int) -> Iterator[T]:
    """`items`, with a progress bar on stderr when it is a terminal and there are many."""
    if not _on_terminal() or length < _BAR_FROM:
        yield from items
        return
    with click.progressbar(items, length=length, label="Writing YAML files",
                           file=sys.stderr) as bar:
        yield from bar


@click.command("import")
@click.argument("vocab", type=click.Path(path_type=Path))
@click.option("--to", "to", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder for the YAML files (created if missing).")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option("--rdf-format", default=None,
              help="RDF syntax of VOCAB when the suffix does not tell (turtle, xml, nt, nquads, "
                   "trig, json-ld, n3).")
@click.option("--lang", default=None, help="Preferred label language (default en).")
@click.option("--context", "context", multiple=True, metavar="URL=FILE",
              help="JSON-LD: use FILE for the remote @context URL (nothing is ever fetched).")
def import_vocabulary(vocab: Path, to: Path, force: bool, rdf_format: str | None,
                      lang: str | None, context: tuple[str, ...]) -> None:
    """Import the SKOS vocabulary VOCAB as YAML term files in --to DIR.

    One file per concept (slug of its label, made unique), relationships
    naming labels, plus a glossgraph.toml keeping the scheme title, base IRI
    and language. Refuses to overwrite files unless --force. The folder is
    written all at once: a new --to appears whole or not at all. Progress
    shows on stderr when it is a terminal.
    """
    from ..model import Glossary, Scheme
    from ..sources.skos import read_skos

    if not vocab.is_file():
        raise DataPathError(f"vocabulary not found: {vocab}")
    fmt = rdf_format or RDF_SUFFIXES.get(vocab.suffix.lower())
    if fmt is None:
        raise GlossgraphError(f"cannot tell the RDF syntax of {vocab}",
                              hint="pass --rdf-format (turtle, xml, nt, nquads, trig, json-ld)")
    _status(f"Reading {vocab} ...")
    terms, findings, scheme = read_skos(vocab, fmt, lang=lang, contexts=context_files(context),
                                         scheme=Scheme(title=vocab.stem))
    for finding in findings:
        raise GlossgraphError(f"{finding.file}: {finding.message}")
    from ..sources.skos_loss import concept_markers, leftover_triples, ntriples

    glossary = Glossary(terms, scheme, source=str(vocab))
    leftovers = leftover_triples(vocab, fmt, glossary, context_files(context))
    extra = ntriples(leftovers + concept_markers(leftovers, glossary)) if leftovers else ""
    written = write_glossary(glossary, to, force=force, rdf_extra=extra, progress=_progress_bar)
    links = len(glossary.links)
    terms_written = len(written) - (2 if extra else 1)
    click.echo(f"Wrote {plural(terms_written, 'term')} ({plural(links, 'link')}, "
               f"{len(glossary.unresolved)} unresolved) and {to / 'glossgraph.toml'} to {to}/")
    for line in import_report(glossary, to, extra):
        click.echo(escape_controls(line))  # it can quote literals of the vocabulary


def import_report(glossary, to: Path, extra: str) -> list[str]:
    """What the YAML says differently from the vocabulary: links named by IRI, triples kept aside."""
    from ..yaml_out import RDF_EXTRA_NAME

    lines = []
    by_iri = sum(1 for link in glossary.links if link.via == "iri")
    if by_iri:
        names = "link names its" if by_iri == 1 else "links name their"
        lines.append(f"{by_iri} {names} target by IRI: another concept has the same name.")
    if glossary.ambiguous:  # pragma: no cover - an RDF link names one IRI
        lines.append(f"{len(glossary.ambiguous)} references are ambiguous (GG104).")
    kept = [line for line in extra.splitlines() if not line.endswith(_MARK)]  # not the marks
    if kept:
        lines.append(f"{plural(len(kept), 'triple')} YAML cannot hold are kept in "
                     f"{to / RDF_EXTRA_NAME} (exports write them again), for example: {kept[0]}")
    return lines


#: The end of a line of rdf-extra.nt that marks its subject as a concept (`concept_markers`).
_MARK = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept> ."

COMMANDS = [import_vocabulary]
