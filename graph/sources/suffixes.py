"""The file suffixes glossgraph reads: YAML, and each RDF syntax with its rdflib format name."""

__all__ = ["YAML_SUFFIXES", "RDF_SUFFIXES"]

YAML_SUFFIXES = (".yml", ".yaml")
#: RDF file suffixes and the rdflib format name of each.
RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".n3": "n3",
}
