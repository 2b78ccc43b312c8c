"""The extra fields of a term that the SKOS view writes back as SKOS, and the rest as JSON.

`graph.sources.skos` keeps what SKOS says and glossgraph's YAML has no
field for (``language``, ``labels``, ``hidden_labels``, ``notation``,
``scheme``, ``collections``, ``mappings``...) in a term's extra fields.
`SkosFields` reads them back, each only when it has the expected shape; a
misshapen one, and every unknown field, is written as `gg:extra` JSON
(`extra_json`).
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from .skos_vocab import IRI, MAPPINGS, NOTES, valid_iri

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Term

__all__ = ["LABEL_SOURCES", "LANG_MAPS", "SkosFields", "extra_json", "json_default"]

#: Extra fields written back as SKOS (left out of `gg:extra` when they have the expected shape).
LANG_MAPS = {"labels": "prefLabel", "alt_labels": "altLabel", "other_hidden_labels": "hiddenLabel",
              "definitions": "definition", "scope_notes": "scopeNote"}
NO_MAPS: dict[str, list] = {key: [] for key in LANG_MAPS}


def _strings(value: Any) -> list[str] | None:
    """`value` as a list of strings (one string is a list of one), else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def _lang_map(value: Any) -> list[tuple[str, str]] | None:
    """{language: text or [texts]} as sorted (language, text) pairs, else None."""
    if not isinstance(value, dict):
        return None
    pairs = []
    for lang in sorted(value, key=str):
        texts = _strings(value[lang])
        if not isinstance(lang, str) or texts is None:
            return None
        pairs += [(lang, text) for text in texts]
    return pairs


def _iri_list(value: Any) -> list[str] | None:
    items = _strings(value)
    if items is None or not all(IRI.match(item) for item in items):
        return None
    return sorted(set(items))


def _notes(value: Any) -> list[tuple[str, str]] | None:
    if not isinstance(value, dict) or not all(name in NOTES for name in value):
        return None
    pairs = _lang_map(value)
    return pairs


class SkosFields:
    """The SKOS-shaped extra fields of one term, validated (a misshapen one stays in gg:extra)."""

    def __init__(self, term: Term, default_lang: str | None) -> None:
        self._extra = extra = term.extra
        if not extra:  # the common case: nothing to look at
            self.used, self.lang, self.maps = set(), default_lang, NO_MAPS
            self.hidden = self.notation = self.description = self.notes = []
            self.schemes = self.top_of = self.top_in = None
            self.collections = {}
            self.label_source = None
            self.mappings = []
            return
        self.used: set[str] = {"iri"}
        language = self._extra.get("language")
        self.lang = language if isinstance(language, str) else default_lang
        if isinstance(language, str):
            self.used.add("language")
        self.maps = {key: self._take(key, _lang_map) or [] for key in LANG_MAPS}
        self.hidden = self._take("hidden_labels", _strings) or []
        self.notation = self._take("notation", _strings) or []
        self.description = self._take("description", _strings) or []
        self.notes = self._take("notes", _notes) or []
        self.schemes = self._take("scheme", _iri_list)
        self.top_of = self._take("top_concept_of", _iri_list)
        self.top_in = self._take("has_top_concept", _iri_list)
        self.collections: dict[str, str] = self._take("collections", _collections) or {}
        #: Set when the label is a display name (no prefLabel): then none is written.
        self.label_source = self._take("label_source", _label_source)
        self.mappings: list[tuple[str, str]] = self._take("mappings", _mappings) or []

    def _take(self, key: str, parse) -> Any:
        if key not in self._extra:
            return None
        value = parse(self._extra[key])
        if value is not None:
            self.used.add(key)
        return value


#: Where the name of a concept without prefLabel came from (see `graph.sources.skos`).
LABEL_SOURCES = ("rdfs:label", "notation", "iri")


def _mappings(value: Any) -> list[tuple[str, str]] | None:
    """{mapping property: [IRIs]} as sorted (property, IRI) pairs, else None."""
    if not isinstance(value, dict) or not all(name in MAPPINGS for name in value):
        return None
    pairs = []
    for name in sorted(value):
        iris = _iri_list(value[name])
        if iris is None or not all(valid_iri(iri) for iri in iris):
            return None
        pairs += [(name, iri) for iri in iris]
    return pairs


def _label_source(value: Any) -> str | None:
    return value if value in LABEL_SOURCES else None


def _collections(value: Any) -> dict[str, str] | None:
    """{category: collection IRI}, else None."""
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and IRI.match(v) for k, v in value.items()):
        return None
    return value


def extra_json(term: Term, used: set[str]) -> str | None:
    """Unknown fields, and the parts of known mappings SKOS has no place for, as JSON."""
    extra: dict[str, Any] = {k: v for k, v in term.extra.items() if k not in used}
    governance = {k: v for k, v in term.governance.items() if k not in ("nist_rmf_tags", "risk_notes")}
    if governance:
        extra["governance"] = governance
    examples = {k: v for k, v in term.examples.items() if k not in ("do", "dont")}
    if examples:
        extra["examples"] = examples
    audiences = {k: v for k, v in term.audiences.items() if not isinstance(v, str)}
    if audiences:
        extra["audiences"] = audiences
    if not extra:
        return None
    return json.dumps(_finite(extra), sort_keys=True, ensure_ascii=False, default=json_default,
                      allow_nan=False)


def json_default(value: Any) -> Any:
    """JSON for what YAML reads but JSON lacks: a set (``!!set``) as a sorted list, else text.

    Sorted, so that the same glossary gives the same bytes whatever PYTHONHASHSEED is.

    >>> json.dumps({"tags": {"b", "a", "c"}}, default=json_default)
    '{"tags": ["a", "b", "c"]}'
    """
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=lambda item: (type(item).__name__, str(item)))
    return str(value)


def _finite(value: Any) -> Any:
    """`value` with NaN and the infinities (YAML ``.nan``, ``.inf``) as strings: JSON has none.

    >>> _finite({"a": [float("nan"), float("-inf"), 1.5], "b": {float("inf")}})
    {'a': ['NaN', '-Infinity', 1.5], 'b': ['Infinity']}
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return _finite(json_default(value))
    return value
