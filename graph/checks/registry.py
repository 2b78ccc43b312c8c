"""The rule registry: each rule is a small function registered with its code.

A rule takes a `CheckContext` (the glossary, its views and the options) and
yields `Problem`s; the runner turns them into `Finding`s with the rule's code,
name and (possibly re-graded) severity. Rules never print and never read files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..findings import SEVERITIES, SUGGESTION, Finding
from ..model import Position, Reference, Term
from .load_rules import LOAD_DOCS
from .memo import Memo

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ..model import Glossary

__all__ = [
    "LOAD_RULES",
    "RULES",
    "CheckContext",
    "DEPENDENCIES",
    "Problem",
    "Rule",
    "rule",
    "catalogue_stamp",
    "expand_codes",
    "matches",
    "relation_phrase",
    "quote_list",
]

RuleFunc = Callable[["CheckContext"], Iterable["Problem"]]

#: The kinds of dependency a rule can declare besides a `Term` field, and the fields behind
#: each. A reference resolves against every term's label, aliases and id, so whatever follows
#: links (one link or the whole broader hierarchy) depends on every term's names too.
DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "labels": ("label", "aliases", "id", "declared_id"),
    "links": ("references", "label", "aliases", "id", "declared_id"),
    "hierarchy": ("references", "label", "aliases", "id", "declared_id"),
}
#: What every rule reads whatever it declares: the runner drops findings a term suppresses.
ALWAYS_READ = ("suppressed",)


def expand_reads(reads: Iterable[str] | None) -> frozenset[str]:
    """The `Term` fields a declaration stands for; every field when nothing is declared
    (or "everything").

    >>> sorted(expand_reads(["labels", "status"]))
    ['aliases', 'declared_id', 'id', 'label', 'status', 'suppressed']

    Raises
    ------
    ValueError
        When an entry is neither a kind of dependency nor a `Term` field.
    """
    known = {item.name for item in fields(Term)}
    if reads is None or "everything" in reads:
        return frozenset(known)
    found: set[str] = set(ALWAYS_READ)
    for item in [reads] if isinstance(reads, str) else reads:
        if item not in DEPENDENCIES and item not in known:
            raise ValueError(f"a rule cannot read {item!r}: name a Term field or one of "
                             f"{', '.join(DEPENDENCIES)}")
        found.update(DEPENDENCIES.get(item, (item,)))
    return frozenset(found)


@dataclass(frozen=True)
class Rule:
    """One entry of the catalogue: stable code, name, default severity, fixability, doc."""

    code: str
    name: str
    severity: str
    fixable: bool
    doc: str
    func: RuleFunc | None = None
    #: "file" when a file's findings depend on that file's terms alone (and the options),
    #: so that they can be recomputed for changed files only (`graph.checks.incremental`);
    #: "glossary" when the rule looks across terms.
    scope: str = "glossary"
    #: Whether its messages quote a line of the finding's own file ("first at line 4"): such a
    #: finding cannot just be moved when the file is edited (`graph.checks.incremental`).
    quotes_lines: bool = False
    #: The `Term` fields it reads (`expand_reads` of its declaration): an edit that leaves them
    #: as they were in every file leaves a glossary-wide rule's findings as they were.
    reads: frozenset[str] = frozenset()

    @property
    def family(self) -> str:
        return {"0": "loading", "1": "references", "2": "structure", "3": "labels",
                "4": "content", "5": "suggestions"}.get(self.code[2], "other")

    @property
    def summary(self) -> str:
        """The first sentence of the "What it does" section."""
        block = self.doc.split("\n\n")[0]
        text = " ".join(line.strip() for line in block.splitlines()[1:])
        sentence = text.split(". ")[0].rstrip(".")
        return f"{sentence}." if sentence else self.name

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "severity": self.severity,
                "fixable": self.fixable, "summary": self.summary, "doc": self.doc}


#: Every rule by code, in code order once all families are imported.
RULES: dict[str, Rule] = {}

#: The loader's findings (produced while reading, listed for the catalogue).
LOAD_RULES = {code: Rule(code, name, severity, False, doc)
              for code, (name, severity, doc) in LOAD_DOCS.items()}
RULES.update(LOAD_RULES)


def rule(code: str, name: str, severity: str, fixable: bool = False, scope: str = "glossary",
         quotes_lines: bool = False, reads: Iterable[str] | None = None,
         ) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under `code`, with its declaration.

    Parameters
    ----------
    code, name, severity : str
        The stable code ("GG406"), the name ("duplicate-definition") and the default severity.
    fixable : bool
        Whether `glossgraph fix` can repair what it finds.
    scope : "glossary" or "file"
        "file" when a file's findings depend on that file's terms alone, so that
        they are recomputed for edited files only; "glossary" when the rule
        compares terms with each other.
    quotes_lines : bool
        Whether its messages quote a line of the finding's own file ("first at
        line 4"), so that such a finding cannot just be moved with an edit.
    reads : iterable of str
        What it reads: `Term` fields ("short_def", "status") and kinds of
        dependency ("labels", "links", "hierarchy": `DEPENDENCIES`; "everything").
        The caches
        and the incremental check follow from it; left out, the rule reads
        everything, and any edit runs it again.
    """
    if severity not in (*SEVERITIES, SUGGESTION) or scope not in ("file", "glossary"):
        raise ValueError(f"unknown severity {severity!r} or scope {scope!r}")
    declared = expand_reads(reads)

    def register(func: RuleFunc) -> RuleFunc:
        doc = inspect.cleandoc(func.__doc__ or "")
        RULES[code] = Rule(code, name, severity, fixable, doc, func, scope, quotes_lines, declared)
        return func

    return register


def catalogue_stamp() -> bytes:
    """A digest of every registered rule's declaration and code: part of the check cache's key,
    so that a rule added, changed or declared anew (even outside glossgraph) is a miss.

    A rule's code is its function's bytecode and the stamp (size, mtime_ns) of
    the file that defines it, which covers the helpers it calls there.
    """
    parts = []
    for code, the_rule in sorted(RULES.items()):
        func = the_rule.func
        parts.append(repr((code, the_rule.name, the_rule.severity, the_rule.scope,
                           the_rule.quotes_lines, sorted(the_rule.reads), _code_stamp(func))))
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).digest()


def _code_stamp(func: RuleFunc | None) -> tuple:
    if func is None:
        return ()
    code = getattr(func, "__code__", None)
    try:
        info = os.stat(inspect.getsourcefile(func) or "")
        where: tuple = (info.st_size, info.st_mtime_ns)
    except (OSError, TypeError):
        where = ()
    body = hashlib.blake2b(code.co_code, digest_size=16).hexdigest() if code else ""
    return (getattr(func, "__module__", None), getattr(func, "__qualname__", None), body, where)


@dataclass
class Problem:
    """What a rule reports: a message about `owner` (the term whose file holds the problem)."""

    owner: Term | None
    message: str
    position: Position | None = None
    target: str | None = None
    relation: str | None = None
    suggestion: str | None = None
    term: str | None = None  # the label shown as `term` (default: the owner's)

    @classmethod
    def at_reference(cls, owner: Term, ref: Reference, message: str, **kwargs: Any) -> Problem:
        return cls(owner, message, ref.position or owner.position, target=ref.text,
                   relation=ref.relation, **kwargs)

    def finding(self, the_rule: Rule, severity: str) -> Finding:
        owner = self.owner
        where = self.position or (owner.position if owner else None)
        file, line, column = (where.file, where.line, where.column) if where else (None, None, None)
        # positional, in Finding's field order: a quarter of a finding's cost with keywords
        return Finding(the_rule.code, the_rule.name, severity, self.message, file, line, column,
                       self.term or (owner.label if owner else None), self.target, self.relation,
                       self.suggestion)


@dataclass
class CheckContext:
    """The glossary, its views (built on first use) and the options of one run."""

    glossary: Glossary
    schema: str | None = None
    stale_after_days: int = 365
    flat: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    cache: dict[str, Any] = field(default_factory=dict)
    memo: Memo = field(default_factory=Memo)

    def label(self, term_id: str) -> str:
        return self.glossary.terms[term_id].label

    @cached_property
    def hierarchy(self) -> nx.DiGraph:
        """child -> parent for every broader link, declared or inferred from narrower."""
        from ..views.links import hierarchy_from_links

        return hierarchy_from_links(self.glossary)

    @cached_property
    def cycles(self) -> list[set[str]]:
        """The strongly connected components of the hierarchy (GG204 and the reachability index)."""
        import networkx

        return list(networkx.strongly_connected_components(self.hierarchy))

    @cached_property
    def reach(self) -> Any:
        from .structure_reach import Reachability

        return Reachability(self.hierarchy, self.cycles)

    @cached_property
    def hierarchy_index(self) -> Any:
        """GG204-GG206's questions (cycles, clashes, redundant broader links) on `hierarchy`."""
        from .structure_reach import PlainHierarchy

        return PlainHierarchy(self)

    @cached_property
    def declared(self) -> set[tuple[str, str, str]]:
        """(source id, target id, relation) of every declared link."""
        return {(link.source, link.target, link.relation) for link in self.glossary.links}


def relation_phrase(relation: str) -> str:
    """How a message says "A <relation> B".

    >>> relation_phrase("related")
    'is related to'
    """
    return {"broader": "has broader", "narrower": "has narrower"}.get(relation, "is related to")


def quote_list(labels: Iterable[str]) -> str:
    """'a', 'b', 'c'

    >>> quote_list(["a", "b"])
    "'a', 'b'"
    """
    return ", ".join(f"'{label}'" for label in labels)


def matches(code: str, patterns: Iterable[str]) -> bool:
    """Whether `code` is one of `patterns` (codes or prefixes like "GG2").

    >>> matches("GG204", ["GG2"]), matches("GG204", ["GG1", "GG205"])
    (True, False)
    """
    return any(code.startswith(pattern) for pattern in patterns)


def expand_codes(items: Iterable[str] | str | None, what: str = "select") -> list[str] | None:
    """Normalise codes, prefixes or rule names (comma-separated text allowed) to code prefixes.

    Raises
    ------
    ConfigError
        When an item names no rule.
    """
    if items is None:
        return None
    if isinstance(items, str):
        items = [items]
    by_name = {r.name: r.code for r in RULES.values()}
    result: list[str] = []
    for item in _split(items):
        code = by_name.get(item.lower(), item.upper())
        if code == "ALL":
            code = "GG"
        if not any(known.startswith(code) for known in RULES):
            raise ConfigError(f"{what}: unknown rule {item!r}",
                              hint="`glossgraph rules` lists every code and name")
        result.append(code)
    return result


def _split(items: Iterable[str]) -> Iterator[str]:
    for item in items:
        for part in str(item).replace(" ", ",").split(","):
            if part.strip():
                yield part.strip()
