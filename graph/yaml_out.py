"""Write terms as YAML files in the ai-glossary shape, one file per term.

Keys come in the order of `KNOWN_FIELDS`, then the extra fields; strings
with line breaks use the block style (``|``); file names are the slug of the
label (cut to 120 characters with a hash, never a name Windows reserves),
made unique with ``-2``, ``-3``...; the folder is written all at once
(`graph.folder_out`), and existing files are never overwritten unless asked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .folder_out import OverwriteError, Progress, write_folder
from .model import Term, slugify

if TYPE_CHECKING:  # pragma: no cover
    from .model import Glossary

__all__ = ["OverwriteError", "term_yaml", "file_stem", "file_names", "write_terms", "write_glossary",
           "config_toml"]

CONFIG_NAME = "glossgraph.toml"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe dumper: block style for multi-line strings, never aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def term_yaml(term: Term) -> str:
    """The YAML text of one term (known fields first, then extra fields).

    >>> from graph.model import Reference
    >>> print(term_yaml(Term("alpha", short_def="First.\\nSecond line.",
    ...       references=[Reference("beta: b", "related", 0)])), end="")
    term: alpha
    short_def: |-
      First.
      Second line.
    relationships:
      related:
      - 'beta: b'
    """
    return yaml.dump(term.to_dict(), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)


#: Names Windows reserves for devices, whatever the extension (``con.yml`` too).
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                       *(f"lpt{i}" for i in range(10))})
#: Longest file stem: with ``-99.yml`` it stays far below 255 bytes, on every system.
_MAX_STEM = 120


def file_stem(slug: str) -> str:
    """A file name stem for `slug` that every system accepts.

    A long slug is cut and ends with a hash of the whole (so two long slugs
    stay apart); a name Windows reserves gets a ``-term`` suffix.

    >>> file_stem("alpha"), file_stem("con"), file_stem("LPT1")
    ('alpha', 'con-term', 'LPT1-term')
    >>> len(file_stem("x" * 300)), file_stem("x" * 300)[-9:]
    (120, '-02fd6825')
    """
    if len(slug) > _MAX_STEM:
        digest = hashlib.sha1(slug.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug[:_MAX_STEM - 9].rstrip('-')}-{digest}"
    if slug.lower() in _RESERVED:
        slug = f"{slug}-term"
    return slug


def file_names(terms: Iterable[Term]) -> list[str]:
    """One unique file name per term, in order: ``<slug>.yml``, then ``<slug>-2.yml``...

    >>> file_names([Term("Alpha"), Term("alpha"), Term("Beta"), Term("Aux")])
    ['alpha.yml', 'alpha-2.yml', 'beta.yml', 'aux-term.yml']
    """
    taken: set[str] = set()
    names = []
    for term in terms:
        slug = file_stem(slugify(term.label))
        candidate, number = slug, 2
        while candidate.lower() in taken:
            candidate, number = f"{slug}-{number}", number + 1
        taken.add(candidate.lower())
        names.append(f"{candidate}.yml")
    return names


def write_terms(terms: Iterable[Term], directory: str | Path, *, force: bool = False,
                extra_files: dict[str, str] | None = None,
                progress: Progress | None = None) -> list[Path]:
    """Write each term to its own YAML file under `directory`; returns the paths written.

    All at once (see `graph.folder_out`): a new folder appears whole, and a
    failure leaves the target as it was. `progress` wraps the files as they
    are written (a progress bar).

    Raises
    ------
    OverwriteError
        When a target file exists and `force` is false (nothing is written).
    GlossgraphError
        When a folder is where a file should go, or writing fails (nothing is left).
    """
    terms = list(terms)
    planned = {name: term_yaml(term) for name, term in zip(file_names(terms), terms)}
    planned.update(extra_files or {})
    return write_folder(planned, directory, force=force, progress=progress)


def config_toml(glossary: Glossary) -> str:
    """A `glossgraph.toml` that keeps the scheme's title, base IRI and language.

    >>> from graph.model import Glossary, Scheme
    >>> print(config_toml(Glossary([], Scheme("PhySH \\"2\\"", "https://x/", "en"))), end="")
    # Written by `glossgraph import`: the scheme the YAML files came from.
    data = "."
    title = "PhySH \\"2\\""
    base_iri = "https://x/"
    language = "en"
    """
    def quoted(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in escaped) + '"'

    scheme = glossary.scheme
    return ("# Written by `glossgraph import`: the scheme the YAML files came from.\n"
            f'data = "."\ntitle = {quoted(scheme.title)}\nbase_iri = {quoted(scheme.base_iri)}\n'
            f"language = {quoted(scheme.language)}\n")


#: The N-Triples file `import` writes beside the YAML for what YAML cannot hold.
RDF_EXTRA_NAME = "rdf-extra.nt"


def write_glossary(glossary: Glossary, directory: str | Path, *, force: bool = False,
                   rdf_extra: str = "", progress: Progress | None = None) -> list[Path]:
    """Write every term as YAML plus a `glossgraph.toml` keeping the scheme metadata.

    Loading `directory` again gives the same terms, scheme title, base IRI
    and language (so concept IRIs stay the same). `rdf_extra`, N-Triples text,
    is written to ``rdf-extra.nt`` and named in the configuration (`rdf_extra`),
    so that exports write those triples again.
    """
    config = config_toml(glossary)
    files = {CONFIG_NAME: config}
    if rdf_extra:
        files[CONFIG_NAME] = config + f'rdf_extra = "{RDF_EXTRA_NAME}"\n'
        files[RDF_EXTRA_NAME] = rdf_extra
    return write_terms(glossary, directory, force=force, extra_files=files, progress=progress)
