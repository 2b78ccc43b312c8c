"""Modules of graph/ stay small: at most `LIMIT` lines each, one concern each (issue #21).

A module that grows past the limit is split by concern (see CONTRIBUTING.md),
not cut in half.
"""

from __future__ import annotations

from pathlib import Path

import graph

PACKAGE = Path(graph.__file__).parent
LIMIT = 400


def line_counts() -> dict[str, int]:
    return {path.relative_to(PACKAGE).as_posix(): len(path.read_bytes().splitlines())
            for path in sorted(PACKAGE.rglob("*.py"))}


def test_the_count_sees_every_module():
    counts = line_counts()
    assert "model.py" in counts and "checks/registry.py" in counts
    assert counts["model.py"] == (PACKAGE / "model.py").read_text(encoding="utf-8").count("\n")


def test_no_module_is_over_the_limit():
    counts = line_counts()
    over = {name: lines for name, lines in counts.items() if lines > LIMIT}
    assert over == {}, f"split these modules by concern (at most {LIMIT} lines each): {over}"
