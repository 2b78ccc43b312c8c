"""What a SKOS import could not keep: the source triples its YAML would not give back.

`lost_triples` compares the triples of the RDF file with the SKOS view of the
glossary read from it (what `export` writes after `import`), leaving out the
`gg:` provenance triples the view adds. Blank nodes are compared by shape
(every blank node is the same placeholder), so the result counts triples.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..views.skos import GG, glossary_quads
from .skos_parse import quad_stream

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["lost_triples", "leftover_triples", "concept_markers", "ntriples", "describe_triple"]

#: Provenance a glossgraph export adds: never carried over (the next export writes it anew).
_PROVENANCE = frozenset(GG + name for name in ("sourceFile", "sourceLine", "unresolvedReference",
                                               "ambiguousReference"))

_BLANK = ox.BlankNode("b")


def _shape(triple) -> tuple:
    subject, predicate, obj = triple
    return (_BLANK if type(subject) is ox.BlankNode else subject, predicate,
            _BLANK if type(obj) is ox.BlankNode else obj)


def lost_triples(path: str | Path, fmt: str, glossary: Glossary,
                 contexts: dict[str, str | Path] | None = None) -> list[tuple]:
    """The source triples (blank nodes as one placeholder) the glossary's SKOS view lacks, sorted.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from graph.sources.skos import read_skos
    >>> from graph.model import Glossary
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "v.ttl"
    >>> _ = f.write_text('<http://x/a> a <http://www.w3.org/2004/02/skos/core#Concept> ; '
    ...     '<http://www.w3.org/2004/02/skos/core#prefLabel> "A" ; <http://x/p> "kept?" .\\n')
    >>> terms, _, scheme = read_skos(f)
    >>> [describe_triple(t) for t in lost_triples(f, "turtle", Glossary(terms, scheme))]
    ['<http://x/a> <http://x/p> "kept?"']
    """
    triples = {quad.triple for quad in quad_stream(Path(path), fmt, contexts)}
    source = Counter(_shape(triple) for triple in triples)
    for triple in {quad.triple for quad in glossary_quads(glossary)}:
        if not triple.predicate.value.startswith(GG):
            key = _shape(triple)
            if key in source:
                source[key] -= 1
    lost = [triple for triple, count in source.items() for _ in range(max(count, 0))]
    return sorted(lost, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))


def describe_triple(triple: tuple) -> str:
    """A triple as one line of N-Triples-like text (blank nodes as ``[]``)."""
    return " ".join("[]" if type(node) is ox.BlankNode else str(node) for node in triple)


def leftover_triples(path: str | Path, fmt: str, glossary: Glossary,
                     contexts: dict[str, str | Path] | None = None) -> list:
    """The source triples (exactly, blank nodes included) the glossary's SKOS view does not
    write, leaving out glossgraph's own provenance: what `import` keeps beside the YAML.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from graph.sources.skos import read_skos
    >>> from graph.model import Glossary
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "v.ttl"
    >>> _ = f.write_text('<http://x/a> a <http://www.w3.org/2004/02/skos/core#Concept> ; '
    ...     '<http://www.w3.org/2004/02/skos/core#prefLabel> "A" ; <http://x/p> [ <http://x/q> 1 ] .\\n')
    >>> terms, _, scheme = read_skos(f)
    >>> print(ntriples(leftover_triples(f, "turtle", Glossary(terms, scheme))), end="")
    <http://x/a> <http://x/p> _:b0 .
    _:b0 <http://x/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
    """
    written = {quad.triple for quad in glossary_quads(glossary)}
    found = {quad.triple for quad in quad_stream(Path(path), fmt, contexts)}
    return [t for t in found - written if t.predicate.value not in _PROVENANCE]


def concept_markers(leftovers: list, glossary: Glossary) -> list:
    """``<concept> rdf:type skos:Concept`` for each concept the leftover triples describe: kept
    beside them, the mark lets export drop them once the concept is deleted from the YAML
    (`graph.views.rdf_extra`).
    """
    from ..views.rdf_extra import CONCEPT_MARKER

    concepts = {glossary.iri(term) for term in glossary}
    subjects = {t.subject for t in leftovers if type(t.subject) is ox.NamedNode
                and t.subject.value in concepts}
    return [ox.Triple(subject, *CONCEPT_MARKER) for subject in sorted(subjects, key=str)]


def ntriples(triples: list) -> str:
    """Triples as sorted N-Triples lines, blank nodes renamed in order of first use (stable bytes)."""
    names: dict[str, str] = {}

    def text(node) -> str:
        if type(node) is ox.BlankNode:
            return names.setdefault(node.value, f"_:b{len(names)}")
        return str(node)

    plain = sorted(triples, key=lambda t: tuple(("~" if type(n) is ox.BlankNode else "") + str(n)
                                                for n in t))
    return "".join(sorted(f"{text(s)} {text(p)} {text(o)} .\n" for s, p, o in plain))
