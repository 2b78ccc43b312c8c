"""Names as glossgraph compares them: folded labels, slugs (term ids) and absolute IRIs."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["ABSOLUTE_IRI", "fold", "slugify", "slug_of_folded"]

_NON_SLUG = re.compile(r"[^a-z0-9]+")
#: An absolute IRI as a term's `iri:` field may give it (anything else gets the slug IRI).
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def fold(text: str) -> str:
    """Fold a label for comparison: NFKC, casefold, collapse whitespace, strip.

    >>> fold("  AI\\u00a0Incident   RESPONSE ")
    'ai incident response'
    >>> fold("Straße") == fold("STRASSE")
    True
    """
    # str.split() splits on exactly the characters `\s` matches, and drops the ends.
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def slugify(text: str) -> str:
    """The stable id of a label: lowercase ASCII words joined by hyphens.

    Labels with no ASCII letters or digits (for example Japanese) get a short
    hash so that every label has a non-empty, stable slug.

    >>> slugify("AI Incident Response")
    'ai-incident-response'
    >>> slugify("Retrieval-augmented generation (RAG)")
    'retrieval-augmented-generation-rag'
    >>> slugify("Café déjà vu")
    'cafe-deja-vu'
    >>> slugify("機械学習")
    'term-11118ea9'
    """
    return slug_of_folded(fold(text))


def slug_of_folded(folded: str) -> str:
    """`slugify` of a label already folded (the index folds each label once for both)."""
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if slug:
        return slug
    digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:8]
    return f"term-{digest}"
