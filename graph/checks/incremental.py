"""Incremental checking: after a few files were edited, redo only what they can change.

A file's signature (`signature`) is a digest of what the glossary-wide rules
read from its terms (`compared_fields`: the union of what those rules declare
they read, `graph.checks.registry.rule`), plus the places of those parts. When a check finds a few
files changed since the last one, and each one's digest equal to its last
version's (a definition, a citation or a review date was edited), every
glossary-wide finding of the last check still holds; only those pointing
into a changed file may have moved, and they move with the part they point
at. The load findings and the file-scoped rules (`Rule.scope == "file"`)
are recomputed for the changed files alone. The command (`glossgraph
check`) finds each file's last version in the check cache or the parse
cache (`graph.commands.check`).

Whatever this cannot show to be exact returns None, and the caller runs the
whole check: a changed label, alias, link, status or suppression; a file
added, removed or left without terms; a finding at a place that is not a
recorded part; a message quoting a changed file or a line in one.

Examples
--------
>>> from graph.model import Position, Reference, Term
>>> def term(definition, line):
...     return Term("alpha", short_def=definition, position=Position("a.yml", 1, 1),
...                 references=[Reference("beta", "related", 0, Position("a.yml", line, 5))])
>>> compared = ("label", "aliases", "references")
>>> before = signature([term("Old.", 4)], compared)
>>> after = signature([term("New, longer.", 5)], compared)
>>> before[0] == after[0], moves(before[1], after[1])[(4, 5)]
(True, (5, 5))
>>> signature([term("Old.", 4)], ("short_def",))[0] == signature([term("New.", 4)], ("short_def",))[0]
False
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import msgpack

from ..findings import Finding, finding_sort_key
from ..gcpause import paused_gc
from ..model import Glossary, Reference, Term
from .registry import LOAD_RULES, RULES, Rule

__all__ = ["compared_fields", "signature", "moves", "recheck", "worth_trying"]

#: At most this many changed files (and this share of all files) are rechecked one by one.
MAX_CHANGED = 200
MAX_CHANGED_SHARE = 0.05
_CLASH = (-1, -1)


#: Fields whose places `signature` records one by one (or that have none of their own).
_PLACED = ("label", "aliases", "references", "id", "suppressed", "position", "positions")


def compared_fields(rules: Iterable[Rule] | None = None) -> tuple[str, ...]:
    """The `Term` fields the glossary-wide ones among `rules` (default: all) declare they read.

    An edit that leaves them as they were in a file leaves those rules' findings
    as they were, wherever they point.

    >>> from graph.checks import RULES
    >>> compared_fields([RULES["GG301"], RULES["GG402"]])  # GG402 is file-scoped
    ('aliases', 'declared_id', 'id', 'label', 'suppressed')
    """
    chosen = RULES.values() if rules is None else rules
    return tuple(sorted({name for the_rule in chosen if the_rule.scope == "glossary"
                         for name in the_rule.reads}))


def signature(terms: Sequence[Term], compared: Sequence[str]) -> tuple[bytes, bytes]:
    """(digest of the terms' `compared` fields, packed places of the parts findings point at).

    The places are, per term in order: its position, its label's, each alias's,
    each reference's and each other compared field's, as glossary-wide rules
    would report them (a part without a position of its own is reported at the
    term's), as a flat list of line, column, line, column...
    """
    semantic = []
    places: list[int | None] = []
    others = [name for name in compared if name not in _PLACED]
    for term in terms:
        references = term.references
        semantic.append([_plain(getattr(term, name)) for name in compared])
        own = (term.position.line, term.position.column) if term.position else (None, None)
        table = term.positions
        places.extend(own)
        places.extend(table.get("term") or own)
        for index in range(len(term.aliases)):
            places.extend(table.get(f"aliases[{index}]") or own)
        for ref in references:
            places.extend((ref.position.line, ref.position.column) if ref.position else own)
        for name in others:
            places.extend(table.get(name) or own)
    digest = hashlib.blake2b(msgpack.packb([list(compared), semantic], default=str),
                             digest_size=16).digest()
    return digest, msgpack.packb(places)


def _plain(value: Any) -> Any:
    """A field as msgpack can hash it: references as (text, relation, index), sets sorted.

    >>> _plain(frozenset({"GG2", "GG1"}))
    ['GG1', 'GG2']
    """
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, list) and value and isinstance(value[0], Reference):
        return [[ref.text, ref.relation, ref.index] for ref in value]
    return value


def moves(old: bytes, new: bytes) -> dict[tuple, tuple] | None:
    """(line, column) before -> after for each recorded part; None when they do not pair up.

    Two parts once at one place but now apart map to a clash marker; two
    places that merge make the whole file unpairable (the order of its
    findings could change).
    """
    before, after = msgpack.unpackb(old), msgpack.unpackb(new)
    if len(before) != len(after):
        return None
    table: dict[tuple, tuple] = {}
    for was, now in zip(zip(before[::2], before[1::2]), zip(after[::2], after[1::2])):
        if table.setdefault(was, now) != now:
            table[was] = _CLASH
    landed = [now for now in table.values() if now != _CLASH]
    return table if len(set(landed)) == len(landed) else None


def recheck(findings: Callable[[], Sequence[Finding]], last: Mapping[str, Sequence[bytes]],
            now: Mapping[str, Sequence[bytes]], changed: Mapping[str, tuple[list[Term], list[Finding]]],
            config: dict[str, Any], options: dict[str, Any]) -> list[Finding] | None:
    """The findings of a full check, from the last one and the changed files; None when unsure.

    Parameters
    ----------
    findings : callable
        Returns the last check's findings; called only when the edits allow
        reusing them (decoding them is most of the cost of trying).
    last, now : mapping
        Each changed file's `signature` at the last check, and now, by display
        path; the last check had the same options, configuration and code.
    changed : mapping
        Display path -> (terms, load findings) of each changed file, freshly read.
    config, options : dict
        The configuration and the `run_checks` options (both as last time).
    """
    places = _moved_places(last, now)
    if places is None or not all(terms for terms, _ in changed.values()):
        return None
    kept = _kept(findings(), places)
    if kept is None:
        return None
    terms = [term for file_terms, _ in changed.values() for term in file_terms]
    loaded = [finding for _, found in changed.values() for finding in found]
    with paused_gc():
        fresh = _file_checks(Glossary(terms, load_findings=loaded, config=config), options)
        return sorted(kept + fresh, key=finding_sort_key)


def _file_checks(glossary: Glossary, options: dict[str, Any]) -> list[Finding]:
    from . import run_file_checks

    return run_file_checks(glossary, **options)


def _moved_places(last: Mapping[str, Sequence[bytes]],
                  now: Mapping[str, Sequence[bytes]]) -> dict[str, dict] | None:
    """Each changed file's place table, or None when one changed what glossary-wide rules read."""
    tables = {}
    for file, (digest, places) in now.items():
        old = last.get(file)
        table = moves(old[1], places) if old is not None and digest == old[0] else None
        if table is None:
            return None
        tables[file] = table
    return tables


def _kept(findings: Sequence[Finding], places: dict[str, dict]) -> list[Finding] | None:
    """The last findings that still hold, moved where their part now is; None when one cannot be."""
    messages = "\n".join(finding.message for finding in findings)  # one search per file, not
    if any(file in messages for file in places):  # per finding: 1.2 s, not 3.6 s, for 200 files
        return None
    redone = set(LOAD_RULES) | {code for code, the_rule in RULES.items() if the_rule.scope == "file"}
    quoting = {code for code, the_rule in RULES.items() if the_rule.quotes_lines}
    kept = []
    for finding in findings:
        table = places.get(finding.file)
        if table is None:
            kept.append(finding)
            continue
        if finding.code in redone:
            continue
        now = table.get((finding.line, finding.column), _CLASH)
        if now == _CLASH or finding.code in quoting:
            return None
        kept.append(finding if now == (finding.line, finding.column)
                    else replace(finding, line=now[0], column=now[1]))
    return kept


def worth_trying(changed: int, total: int) -> bool:
    """Whether `changed` of `total` files are few enough to recheck one by one.

    >>> worth_trying(1, 10), worth_trying(0, 10), worth_trying(300, 100_000)
    (True, False, False)
    """
    return 0 < changed <= max(1, min(MAX_CHANGED, int(total * MAX_CHANGED_SHARE)))
