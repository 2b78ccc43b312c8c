"""Views of a glossary: a networkx graph and an RDF/SKOS store, each built lazily."""
