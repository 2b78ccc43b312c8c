"""Answers that outlive a run: tables keyed by a digest of everything they were computed from.

Some questions a rule asks are costly and rarely change between two runs of
`glossgraph check`: GG101's "which names look like this broken reference?"
depends only on the glossary's names, not on the file just edited. A rule asks
the memo for a table named after its inputs; a table computed from other
inputs (a name added, a different limit) has another digest and is never
seen. The CLI keeps the tables used in a run in the cache folder
(`graph.result_cache.CheckCache.save_memo`); the library API starts empty.

Examples
--------
>>> memo = Memo()
>>> table = memo.table("close-names", ["alpha", "delta"], 9)
>>> table["delt"] = [["delta", 88.9, 1]]
>>> again = Memo(memo.used)
>>> again.table("close-names", ["alpha", "delta"], 9)["delt"]
[['delta', 88.9, 1]]
>>> again.table("close-names", ["alpha", "delta", "gamma"], 9)
{}
>>> memo.changed, again.changed
(True, True)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

__all__ = ["Memo"]


class Memo:
    """Tables kept from earlier runs (`kept`) and the ones this run used (`used`)."""

    def __init__(self, kept: dict[str, dict] | None = None) -> None:
        self.kept: dict[str, dict] = kept or {}
        self.used: dict[str, dict] = {}

    def table(self, name: str, texts: Sequence[str], *options: Any) -> dict:
        """The table for `name` computed from `texts` and `options` (filled in by the caller)."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr(options).encode())
        digest.update("\0".join(texts).encode("utf-8", "surrogatepass"))
        key = f"{name}:{len(texts)}:{digest.hexdigest()}"
        if key not in self.used:
            self.used[key] = dict(self.kept.get(key) or {})
        return self.used[key]

    def merge(self, used: dict[str, dict]) -> None:
        """Take the tables another process used (the forked half of the rules)."""
        for key, table in used.items():
            self.used.setdefault(key, {}).update(table)

    @property
    def changed(self) -> bool:
        """Whether the tables used differ from the ones kept (then they are worth saving)."""
        return self.used.keys() != self.kept.keys() or any(
            len(table) != len(self.kept[key]) for key, table in self.used.items())
