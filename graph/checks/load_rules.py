"""The documentation of the loader's findings (GG001-GG007): produced while reading files,
listed in the catalogue like every rule. Each has its own example and fix."""

from __future__ import annotations

__all__ = ["LOAD_DOCS"]

#: Code -> (name, default severity, documentation in the shape of a rule's docstring).
LOAD_DOCS: dict[str, tuple[str, str, str]] = {
    "GG001": ("yaml-syntax", "error", """\
What it does:
    A file is not valid YAML, or nests deeper than the loader allows (50 levels).

Why it matters:
    The rest of the glossary still loads, but none of this file's terms does:
    they are missing from every view, export and check until the file parses.

Example:
    term: alpha
    aliases: [a, b            # the list is never closed
    short_def: The first letter.

Fix:
    Correct the syntax at the line and column shown (here: `aliases: [a, b]`).
    Quote a value that holds ': ' or starts with [, {, * or &."""),
    "GG002": ("duplicate-key", "error", """\
What it does:
    A mapping repeats a key; YAML keeps only the last value.

Why it matters:
    The term still loads, with the last value only: the first one (often a
    second definition, or a list of links) is dropped without a trace in any
    view.

Example:
    term: alpha
    short_def: The first letter.
    short_def: The first Greek letter.   # the first short_def is dropped

Fix:
    Keep one key: merge the two values, or rename the second if it meant
    another field (long_def)."""),
    "GG003": ("not-a-term", "error", """\
What it does:
    A file or list item is not a term: empty, a plain value or list of
    values, or a mapping without a 'term' label.

Why it matters:
    Nothing in it loads; entries that name the term it meant become broken
    references (GG101).

Example:
    name: alpha               # no 'term' key: the label is unknown
    short_def: The first letter.

Fix:
    Give the label as `term:`, or map your key in the configuration
    (`fields = { term = "name" }`). Move files that are not terms out of the
    data folder."""),
    "GG004": ("unreadable", "error", """\
What it does:
    A file cannot be read: no permission, larger than 20 MB, or not UTF-8.

Why it matters:
    Nothing in it loads, and it is read again on every run (never cached).

Example:
    term: café                # saved as Latin-1: byte 0xe9 is not UTF-8

Fix:
    Save the file as UTF-8 (the finding gives the offset of the first bad
    byte), make it readable, or split a file over the size limit."""),
    "GG005": ("rdf-syntax", "error", """\
What it does:
    An RDF file (Turtle, RDF/XML, N-Triples, TriG, JSON-LD...) does not parse,
    or names an invalid IRI (``<http://x/a b>``) or language tag.

Why it matters:
    A syntax error stops the whole file: none of its concepts loads, so the
    glossary is empty. An invalid IRI or language tag in an otherwise
    readable file leaves out only the triples naming it (one finding per
    invalid value, at the line that first writes it); the rest loads, as
    rdflib would load it with a warning.

Example (turtle):
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    <https://example.org/alpha> a skos:Concept ;
        skos:prefLabel "alpha"@en     # the final ' .' is missing

Fix:
    Correct the syntax or the IRI at the line and column shown (percent-encode
    a space as %20), or pass --rdf-format when the file's suffix names
    another syntax than the one it holds."""),
    "GG006": ("remote-context", "error", """\
What it does:
    A JSON-LD file names a remote @context, which glossgraph never fetches.

Why it matters:
    Without its context a JSON-LD document's keys mean nothing, so nothing is
    read; fetching it would make loading depend on the network and on whoever
    serves that URL.

Example (json):
    {"@context": "https://example.org/skos-context.jsonld",
     "@id": "https://example.org/alpha", "prefLabel": "alpha"}

Fix:
    Inline the context in the file, or give a local copy:
    `glossgraph import FILE --context URL=copy.jsonld`."""),
    "GG007": ("unknown-suppression", "warning", """\
What it does:
    A `# glossgraph: ignore` comment names something that is neither a rule
    code, a code prefix nor a rule name.

Why it matters:
    That part of the comment silences nothing: the finding it was meant for
    still shows, or a typo (GG4O3 for GG403) leaves its author believing a
    rule is silenced.

Example:
    # glossgraph: ignore GG4O3, stale-reviews
    term: alpha

Fix:
    Name a code (GG403), a prefix (GG4) or a rule name (stale-review), as
    `glossgraph rules` lists them."""),
}
