"""RDF exporters: the SKOS view serialised by Oxigraph, in a deterministic order."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..fileio import atomic_write_bytes
from ..gcpause import paused_gc
from ..views.skos import PREFIXES, glossary_quads

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = ["rdf_bytes", "write_turtle", "write_ntriples", "write_rdfxml", "write_jsonld"]


def rdf_bytes(glossary: Glossary, fmt: ox.RdfFormat) -> bytes:
    """Serialise the SKOS triples of `glossary` (same glossary, same bytes), ending in a newline.

    Oxigraph ends JSON-LD without one; every other text file here has it.
    """
    prefixes = {**PREFIXES, "": glossary.scheme.base_iri}
    with paused_gc():
        data = ox.serialize(glossary_quads(glossary), format=fmt, prefixes=prefixes)
    return data if not data or data.endswith(b"\n") else data + b"\n"


def _writer(fmt: ox.RdfFormat):
    def write(glossary: Glossary, path: Path, **_: Any) -> list[Path]:
        return [atomic_write_bytes(path, rdf_bytes(glossary, fmt))]

    return write


write_turtle = _writer(ox.RdfFormat.TURTLE)
write_ntriples = _writer(ox.RdfFormat.N_TRIPLES)
write_rdfxml = _writer(ox.RdfFormat.RDF_XML)
write_jsonld = _writer(ox.RdfFormat.JSON_LD)
