"""Read an RDF file whose only faults are invalid IRIs or language tags: the rest loads.

Oxigraph stops at the first IRI it cannot accept (``<http://x/b c>``), and its
RDF/XML parser cannot read on after one, where rdflib loads the file with a
warning. Such a file is parsed again without that validation; every quad
naming an invalid IRI or language tag is left out, and each invalid value is
one GG005 finding at the line where the file first writes it (a relative IRI
by its longest written part after a ``/``; a value the file does not write
as such gets no line).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from ..findings import Finding
from ..wording import plural
from .skos_parse import quad_stream

__all__ = ["lenient_quads"]

#: Longest invalid value quoted in a finding.
_SHOWN = 200


def lenient_quads(path: Path, fmt: str, contexts: dict[str, str | Path] | None,
                  display: str) -> tuple[list, list[Finding]]:
    """The valid quads of `path`, and one GG005 finding per invalid IRI or language tag.

    Raises
    ------
    SyntaxError, ValueError, OSError
        When the file has other faults than invalid IRIs and language tags.
    """
    check = _Validity()
    kept = [quad for quad in quad_stream(path, fmt, contexts, lenient=True) if check.quad(quad)]
    data = path.read_bytes()
    findings = []
    for (kind, value), count in check.dropped.items():
        shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "..."
        what = f"IRI <{shown}>" if kind == "iri" else f"language tag {shown!r}"
        message = (f"invalid {what} ({check.reasons[value]}): {plural(count, 'triple')} naming it "
                   f"{'is' if count == 1 else 'are'} left out; the rest of the file loads")
        findings.append(Finding("GG005", "rdf-syntax", "error", message, file=display,
                                line=_first_line(data, kind, value)))
    findings.sort(key=lambda f: (f.line is None, f.line or 0, f.message))
    return kept, findings


class _Validity:
    """Which IRIs and language tags Oxigraph accepts (each distinct value checked once)."""

    def __init__(self) -> None:
        self.reasons: dict[str, str | None] = {}
        self.dropped: Counter[tuple[str, str]] = Counter()

    def quad(self, quad: ox.Quad) -> bool:
        """Whether every IRI and language tag of `quad` is valid; the invalid ones are counted."""
        faults = []
        for node in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if type(node) is ox.NamedNode:
                if self._reason("iri", node.value):
                    faults.append(("iri", node.value))
            elif type(node) is ox.Literal:
                if node.language and self._reason("language", node.language):
                    faults.append(("language", node.language))
                if self._reason("iri", node.datatype.value):
                    faults.append(("iri", node.datatype.value))
        for fault in dict.fromkeys(faults):
            self.dropped[fault] += 1
        return not faults

    def _reason(self, kind: str, value: str) -> str | None:
        if value not in self.reasons:
            try:
                ox.NamedNode(value) if kind == "iri" else ox.Literal("", language=value)
                self.reasons[value] = None
            except ValueError as exc:
                self.reasons[value] = str(exc)
        return self.reasons[value]


def _first_line(data: bytes, kind: str, value: str) -> int | None:
    """The line where the file first writes `value`, if it does: an IRI as written, else its
    longest relative form (the part after a ``/`` or ``#``, quoted as an attribute or in ``<>``);
    a language tag in any case (Oxigraph lowercases it)."""
    if kind == "language":
        forms = [f"@{value}", f'lang="{value}"', f"lang='{value}'"]
        data = data.lower()
    else:
        cuts = [i + 1 for i, char in enumerate(value) if char in "/#"]
        rests = [value[cut:] for cut in cuts if cut < len(value)]
        forms = [value, value.replace("&", "&amp;"),
                 *(f"{open_}{rest}{close}" for rest in rests for open_, close in _QUOTES)]
    for form in forms:
        at = data.find(form.encode("utf-8"))
        if at >= 0:
            return data.count(b"\n", 0, at) + 1
    return None


_QUOTES = (('"', '"'), ("'", "'"), ("<", ">"))
