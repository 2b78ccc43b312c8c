"""Every relative link in the README and docs/ leads somewhere: the file, and its heading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PAGES = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_NAMED_PAGE = re.compile(r"`((?:\.\./)?(?:docs/)?[\w./-]+\.md)`")  # a page named in code quotes


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors for the headings of a page."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    headings = re.findall(r"^#+\s+(.*)$", text, flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def _targets(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text, flags=re.S)  # a [link](#x) in a code block is text,
    prose = re.sub(r"`[^`\n]*`", "", prose)  # and so is one in `code quotes`
    return [t for t in _LINK.findall(prose) + _NAMED_PAGE.findall(text)
            if not re.match(r"[a-z]+:", t)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve(page):
    broken = []
    for target in _targets(page):
        path, _, anchor = target.partition("#")
        base = page.parent if path.startswith(".") or page.parent.name == "docs" else PROJECT
        resolved = (base / path).resolve() if path else page
        if not resolved.exists() and not (PROJECT / path).exists():
            broken.append(target)
        elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
            broken.append(target)
    assert not broken, f"{page.name} links to nothing: {broken}"


def test_the_check_finds_a_broken_link(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("See [x](missing.md), `docs/skos-mapping.md` and [ok](#title).\n# Title\n")
    assert _targets(page) == ["missing.md", "#title", "docs/skos-mapping.md"]
    assert _anchors(page) == {"title"}
