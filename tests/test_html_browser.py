"""The HTML explorer in real headless Chromium (Debian's /usr/bin/chromium driven by playwright).

Every request that is not ``file:`` is aborted, so these tests also prove the
page works offline. Skipped when Chromium or playwright is missing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

import graph
from graph.export.html import build_page_data, write_html
from graph.model import Glossary, Reference, Term

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
HOSTILE = HERE / "fixtures" / "html" / "hostile" / "terms"
_spec = importlib.util.spec_from_file_location("html_timing", HERE / "benchmarks" / "html_timing.py")
html_timing = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(html_timing)
wait_until = html_timing.wait_until


@pytest.fixture(scope="module")
def browser():
    if not Path(html_timing.CHROMIUM).exists():
        pytest.skip(f"no Chromium at {html_timing.CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=html_timing.CHROMIUM, args=html_timing.CHROMIUM_ARGS)
        yield launched
        launched.close()


class Page:
    """An opened export: the playwright page and every console error or page error it logged."""

    def __init__(self, browser: Any, path: Path, hash: str = "",
                 viewport: tuple[int, int] = (1280, 800)) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []  # every request the page made (only file: ones are let through)
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning")
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        self.page.goto(path.resolve().as_uri() + hash)
        wait_until(self.page, "window.glossgraph && window.glossgraph.drawn", 60)
        self.js("glossgraph.settle()")  # stop the physics so that nodes stay where they are clicked

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def visible(self) -> dict[str, int]:
        shown = self.js("""() => ({nodes: glossgraph.nodes.get({filter: (n) => !n.hidden}).length,
                                   edges: glossgraph.edges.get({filter: (e) => !e.hidden}).length})""")
        assert shown == self.js("glossgraph.visibleCounts()")
        return shown

    def click_node(self, node_id: str, card: bool = True) -> None:
        """Centre the node, then click its position on the canvas like a user (and wait for its card)."""
        point = self.js("""(id) => { const n = glossgraph.network;
            n.focus(id, {scale: 1.5, animation: false}); n.redraw();
            const p = n.canvasToDOM(n.getPosition(id));
            const r = document.querySelector('#gg-network canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""", node_id)
        self.page.mouse.click(point[0], point[1])
        if card:
            wait_until(self.page, f"document.getElementById('gg-card').dataset.term === {node_id!r}", 10)

    def card(self) -> str:
        return self.js("document.getElementById('gg-card').textContent")

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def opened(browser):
    pages: list[Page] = []

    def open_(path: Path) -> Page:
        pages.append(Page(browser, path))
        return pages[-1]

    yield open_
    for page in pages:
        page.close()


def canvas_colours(page: Page) -> int:
    """How many distinct colours the map's canvas holds (a blank canvas has one or none)."""
    return page.js("""() => { const c = document.querySelector('#gg-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const seen = new Set();
        for (let i = 0; i < d.length; i += 4 * 7) seen.add(d[i] << 24 | d[i+1] << 16 | d[i+2] << 8 | d[i+3]);
        return seen.size; }""")


def test_sample_draws_every_node_and_edge(sample, tmp_path, opened):
    glossary = graph.load(sample)
    data = build_page_data(glossary)
    page = opened(write_html(glossary, tmp_path / "sample.html")[0])
    assert page.js("glossgraph.counts") == data["counts"]
    assert page.visible() == {"nodes": len(glossary) + data["counts"]["ghosts"], "edges": len(data["edges"])}
    assert page.js("glossgraph.nodes.length") == len(data["nodes"])
    assert canvas_colours(page) > 20
    assert page.errors == []


def test_click_fills_the_card(sample, tmp_path, opened):
    glossary = graph.load(sample)
    term = glossary.find("ai audit")
    page = opened(write_html(glossary, tmp_path / "sample.html")[0])
    page.click_node(term.id)
    assert page.js("document.querySelector('#gg-card h2').textContent") == term.label
    assert term.short_def in page.card() and term.aliases[0] in page.card()
    assert page.js("glossgraph.network.getSelectedNodes()") == [term.id]


def test_search_finds_an_alias_with_a_typo(sample, tmp_path, opened):
    glossary = graph.load(sample)
    page = opened(write_html(glossary, tmp_path / "sample.html")[0])
    page.page.fill("#gg-search", "algoritm audt")  # alias 'algorithm audit' of 'ai audit'
    wait_until(page.page, "document.querySelectorAll('#gg-results button').length > 0", 5)
    first = page.js("document.querySelector('#gg-results button').textContent")
    assert first.startswith("ai audit") and "algorithm audit" in first
    page.page.press("#gg-search", "Enter")
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'ai-audit'", 5)
    assert page.js("glossgraph.network.getSelectedNodes()") == ["ai-audit"]



def test_enter_right_after_typing_leaves_no_result_list(sample, tmp_path, opened):
    page = opened(write_html(graph.load(sample), tmp_path / "sample.html")[0])
    page.page.type("#gg-search", "red teeming")
    page.page.press("#gg-search", "Enter")  # before the typing's debounced search has run
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'red-teaming'", 5)
    page.page.wait_for_timeout(400)
    assert page.js("document.querySelectorAll('#gg-results button').length") == 0


def test_search_matches_words_with_typos(sample, tmp_path, opened):
    page = opened(write_html(graph.load(sample), tmp_path / "sample.html")[0])
    hits = page.js("glossgraph.search('incidnt respons', 3).map(h => h.id)")
    assert hits[0] == "ai-incident-response"
    assert page.js("glossgraph.search('zzzz qqqq', 3)") == []


def test_filters_hide_what_they_should(sample, tmp_path, opened):
    glossary = graph.load(sample)
    data = build_page_data(glossary)
    page = opened(write_html(glossary, tmp_path / "sample.html")[0])
    total = page.visible()
    category = data["categories"][0]["name"]
    only_there = [t for t in glossary if set(t.categories) == {category}]
    page.page.click("#gg-tab-filters")
    page.page.get_by_role("checkbox", name=category).uncheck()
    assert page.visible()["nodes"] == total["nodes"] - len(only_there) > 0
    page.page.get_by_role("checkbox", name=category).check()
    page.page.get_by_role("checkbox", name="related (dashed)").uncheck()
    assert page.visible() == {"nodes": total["nodes"],
                              "edges": sum(e["relation"] == "broader" for e in data["edges"])}
    page.page.click("#gg-reset")
    assert page.visible() == total


def ancestors(data: dict, term: str) -> set[str]:
    parents: dict[str, set[str]] = {}
    for e in data["edges"]:
        if e["relation"] == "broader" and not e.get("ghost"):
            parents.setdefault(e["from"], set()).add(e["to"])
    seen, stack = set(), [term]
    while stack:
        for p in parents.get(stack.pop(), ()):
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return seen


def test_depth_and_problems_and_reset(sample, tmp_path, opened):
    glossary = graph.load(sample)
    data = build_page_data(glossary)
    page = opened(write_html(glossary, tmp_path / "sample.html")[0])
    total = page.visible()
    near = {e["to"] for e in data["edges"] if e["from"] == "ai-audit" and not e.get("ghost")} | {
        e["from"] for e in data["edges"] if e["to"] == "ai-audit"}
    page.js("glossgraph.select('ai-audit')")
    page.page.select_option("#gg-depth", "1")
    drawn = set(page.js("glossgraph.nodes.getIds()"))
    assert drawn == near | {"ai-audit"} | ancestors(data, "ai-audit")
    page.page.click("#gg-reset")
    assert page.visible() == total and page.js("document.getElementById('gg-card').dataset.term") is None
    page.page.check("#gg-show-problems")
    page.page.check("#gg-only-problems")
    errors = {i for i, f in enumerate(data["findings"]) if f["severity"] == "error"}
    problems = {n["id"] for n in data["nodes"] if n.get("ghost") or errors & set(n.get("findings", ()))}
    problems |= {end for e in data["edges"] if errors & set(e.get("findings", ()))
                 for end in (e["from"], e["to"])}
    assert page.visible()["nodes"] == len(problems)
    page.page.click("#gg-reset")
    assert page.visible() == total and not page.js("glossgraph.state.problems")


def test_real_glossary_ghosts_card_and_screenshot(ai_glossary, tmp_path, opened, browser):
    glossary = graph.load(ai_glossary)
    page = opened(write_html(glossary, tmp_path / "ai.html")[0])
    ghosts = page.js("glossgraph.data.nodes.filter((n) => n.ghost).length")
    assert ghosts == 42 and page.js("glossgraph.data.edges.filter((e) => e.ghost).length") == 56
    assert page.visible()["nodes"] == 112  # reader mode: missing terms are problems, hidden
    page.page.check("#gg-show-problems")
    assert page.visible()["nodes"] == 112 + 42
    page.page.uncheck("#gg-show-problems")
    legend = page.js("document.getElementById('gg-categories').textContent")
    assert all(c in legend for t in glossary for c in t.categories)
    term = glossary.find("ai incident response")
    page.click_node(term.id)
    card = page.card()
    for text in [term.short_def, "model incident response", "Coordinated workflow", "Do", "Don't",
                 "risk_notes", "NIST AI Risk Management Framework", "2025-10-09", "ai-incident-response.yml"]:
        assert text in card
    links = page.js("""Array.from(document.querySelectorAll('#gg-card a'))
                       .map((a) => [a.protocol, a.rel, a.target])""")
    assert len(links) == 3 and all(link == ["https:", "noopener noreferrer", "_blank"] for link in links)
    chains = page.js("""Array.from(document.querySelectorAll('#gg-card .gg-chains li'))
                        .map((li) => Array.from(li.querySelectorAll('button')).map((b) => b.textContent))""")
    from graph.explore import broader_chains
    expected = [[glossary.terms[i].label for i in chain] for chain in broader_chains(glossary, term.id)]
    assert chains == expected == [["model governance", "responsible ai"]]  # a missing broader ends a chain
    assert "Broader chain" in card
    page.page.click("#gg-card .gg-chains button[data-target='model-governance']")
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'model-governance'", 5)
    assert page.js("glossgraph.network.getSelectedNodes()") == ["model-governance"]
    assert page.js("document.activeElement.id") == "gg-card-heading"
    page.page.click("#gg-reset")  # back to the whole map, missing terms still hidden
    assert page.visible()["nodes"] == 112 and page.errors == []
    shot = page.page.screenshot()
    blank = browser.new_page(viewport={"width": 1280, "height": 800})
    empty = blank.screenshot()
    blank.close()
    assert shot != empty and len(shot) > 5 * len(empty) and canvas_colours(page) > 20
    assert page.errors == []


def test_hostile_markup_runs_nothing_and_shows_as_text(tmp_path, opened):
    glossary = graph.load(HOSTILE)
    title = "<img src=x onerror=window.__pwned=1>"
    page = opened(write_html(glossary, tmp_path / "hostile.html", title=title)[0])
    assert page.js("document.getElementById('gg-title').textContent") == title
    for term in sorted(glossary, key=lambda t: t.label == title):  # the hostile term last
        page.click_node(term.id)
        assert page.js("document.querySelector('#gg-card h2').textContent") == term.label
    assert "<iframe srcdoc='<script>parent.__pwned=1</script>'></iframe>" in page.card()
    assert "javascript:window.__pwned=1" in page.card()  # shown, not linked
    hrefs = page.js("Array.from(document.querySelectorAll('a')).map((a) => a.href)")
    assert hrefs == ["https://example.org/?q=%3Cscript%3E"]
    page.js("glossgraph.select('?' + '<svg onload=window.__pwned=1>')")
    page.page.check("#gg-show-problems")  # the problems panel, the tree and the A-Z index write the same text
    page.js("document.querySelectorAll('#gg-problem-list details').forEach((d) => { d.open = true; })")
    page.page.click("#gg-tab-az")
    page.js("document.querySelectorAll('#gg-letters button').forEach((b) => b.click())")
    assert title in page.js("document.getElementById('gg-tree').textContent")
    page.page.fill("#gg-search", "</script>")
    page.page.wait_for_timeout(300)
    assert page.js("document.querySelectorAll('#gg-results button').length") >= 1
    assert page.js("document.querySelectorAll('img, svg, iframe, math, b, i, x').length") == 0
    assert page.js("window.__pwned") is None and page.js("window.parent.__pwned") is None
    assert page.errors == []


def test_large_graph_opens_on_clusters_with_readable_labels(tmp_path, opened):
    glossary = Glossary(Term(f"t{i}", aliases=[f"alias {i}"],
                             references=[Reference(f"t{i // 4}", "broader", 0)] if i else [])
                        for i in range(2000))
    page = opened(write_html(glossary, tmp_path / "big.html", findings=[])[0])
    assert page.js("glossgraph.data.physics") is False and page.js("glossgraph.data.aggregate") is True
    shown = page.js("glossgraph.nodes.get()")
    clusters = [n for n in shown if n.get("cluster")]
    assert 20 <= len(shown) <= 90 and clusters  # never every node
    members = {n["id"]: int(n["label"].rsplit(" ", 1)[1]) for n in clusters}
    terms = [n for n in shown if not n.get("cluster")]
    assert sum(members.values()) + len(terms) == 2000  # each term in one cluster, or drawn
    assert readable_labels(page) >= 20
    biggest = max(members, key=members.get)
    sizes = {n["id"]: n["size"] for n in clusters}
    assert sizes[biggest] == max(sizes.values()) > min(sizes.values())  # sized by their members
    page.click_node(biggest, card=False)  # a click opens the cluster
    wait_until(page.page, f"!glossgraph.nodes.get({biggest!r})", 5)
    now = set(page.js("glossgraph.nodes.getIds()"))
    assert biggest not in now and biggest[2:] in now  # the cluster opened into its term and below
    assert page.js("glossgraph.search('alais 1234')[0].id") == "t1234"
    page.js("glossgraph.select('t1234')")
    assert "t1234" in page.js("glossgraph.nodes.getIds()")
    page.js("glossgraph.setDepth('map')")  # the overview, opened down to the term
    drawn = set(page.js("glossgraph.nodes.getIds()"))
    assert {"t1234", "t308", "t77", "t19", "t4", "t1", "t0"} <= drawn and len(drawn) < 200
    assert page.errors == []


def test_large_flat_vocabulary_groups_its_terms_by_category(tmp_path, opened):
    glossary = Glossary(Term(f"flat {i}", categories=[f"group {i % 5}"]) for i in range(1600))
    page = opened(write_html(glossary, tmp_path / "flat.html", findings=[])[0])
    labels = sorted(page.js("glossgraph.nodes.get().map((n) => n.label)"))
    assert labels == [f"group {k} \u00b7 320" for k in range(5)]
    page.js("glossgraph.openCluster('g:group 3')")
    assert len(page.js("glossgraph.nodes.getIds()")) == 4 + 320
    assert page.errors == []


def readable_labels(page: Page) -> int:
    """How many drawn labels are on screen at 12 px or more (vis draws labels at font size x scale)."""
    return page.js("""() => { const n = glossgraph.network; const s = n.getScale();
        const r = document.querySelector('#gg-network canvas').getBoundingClientRect();
        return glossgraph.nodes.get().filter((item) => {
            const size = ((item.font && item.font.size) || 14) * s;
            const p = n.canvasToDOM(n.getPosition(item.id));
            return size >= 12 && p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; }).length; }""")


def test_card_chains_match_show_with_polyhierarchy_and_a_cycle(tmp_path, opened):
    from graph.explore import broader_chains

    def term(label, *parents):
        refs = [Reference(parent, "broader", i) for i, parent in enumerate(parents)]
        return Term(label, short_def=label, references=refs)

    glossary = Glossary([term("leaf", "mid a", "mid b", "nowhere"), term("mid a", "top"),
                         term("mid b", "top", "loop"), term("top"), term("loop", "mid b")])
    page = opened(write_html(glossary, tmp_path / "chains.html")[0])
    chains_js = """Array.from(document.querySelectorAll('#gg-card .gg-chains li'))
                   .map((li) => Array.from(li.querySelectorAll('button')).map((b) => b.textContent))"""
    for item in glossary:
        page.js(f"glossgraph.select({item.id!r})")
        wait_until(page.page, f"document.getElementById('gg-card').dataset.term === {item.id!r}", 5)
        expected = [[glossary.terms[i].label for i in chain] for chain in broader_chains(glossary, item.id)]
        assert page.js(chains_js) == expected, item.label
    page.js("glossgraph.select('leaf')")
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'leaf'", 5)
    assert len(broader_chains(glossary, "leaf")) == 3 and "Broader chains" in page.card()
    assert page.errors == []
