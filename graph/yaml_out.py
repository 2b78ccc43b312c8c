"""Write terms as YAML files in the ai-glossary shape, one file per term.

Keys come in the order of `KNOWN_FIELDS`, then the extra fields; strings
with line breaks use the block style (``|``); file names are the slug of the
label, made unique with ``-2``, ``-3``...; every write is atomic, and
existing files are never overwritten unless asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import GlossgraphError
from .fileio import atomic_write_text
from .model import Term, slugify

if TYPE_CHECKING:  # pragma: no cover
    from .model import Glossary

__all__ = ["OverwriteError", "term_yaml", "file_names", "write_terms", "write_glossary",
           "config_toml"]

CONFIG_NAME = "glossgraph.toml"


class OverwriteError(GlossgraphError):
    """Files exist where YAML would be written, and overwriting was not allowed."""


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


def file_names(terms: Iterable[Term]) -> list[str]:
    """One unique file name per term, in order: ``<slug>.yml``, then ``<slug>-2.yml``...

    >>> file_names([Term("Alpha"), Term("alpha"), Term("Beta")])
    ['alpha.yml', 'alpha-2.yml', 'beta.yml']
    """
    taken: set[str] = set()
    names = []
    for term in terms:
        slug = slugify(term.label)
        candidate, number = slug, 2
        while candidate in taken:
            candidate, number = f"{slug}-{number}", number + 1
        taken.add(candidate)
        names.append(f"{candidate}.yml")
    return names


def write_terms(terms: Iterable[Term], directory: str | Path, *, force: bool = False,
                extra_files: dict[str, str] | None = None) -> list[Path]:
    """Write each term to its own YAML file under `directory`; returns the paths written.

    Raises
    ------
    OverwriteError
        When a target file exists and `force` is false (nothing is written).
    """
    directory = Path(directory)
    terms = list(terms)
    planned = {directory / name: term_yaml(term) for name, term in zip(file_names(terms), terms)}
    planned.update({directory / name: text for name, text in (extra_files or {}).items()})
    existing = sorted(path for path in planned if path.exists())
    if existing and not force:
        shown = ", ".join(str(path) for path in existing[:3])
        more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        raise OverwriteError(f"refusing to overwrite {len(existing)} existing file(s): "
                             f"{shown}{more}", hint="pass --force to overwrite them")
    return [atomic_write_text(path, text) for path, text in planned.items()]


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
                   rdf_extra: str = "") -> list[Path]:
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
    return write_terms(glossary, directory, force=force, extra_files=files)
