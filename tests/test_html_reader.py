"""The explorer as readers use it, in headless Chromium: reader mode, the problems panel, suggested
links, permalinks and history, the keyboard path, the hierarchy tree, the local graph, colours,
languages and phone width. Every non-file request is aborted (see test_html_browser.Page)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import graph
from graph.export.html import build_page_data, write_html
from graph.export.html_data import category_colour
from graph.findings import Finding
from graph.model import Glossary, Reference, Term

base = pytest.importorskip("test_html_browser")  # the browser fixtures and the Page helper
Page, readable_labels, wait_until = base.Page, base.readable_labels, base.wait_until
browser, opened = base.browser, base.opened

pytestmark = pytest.mark.browser

MULTILINGUAL = Path(__file__).parent / "fixtures" / "html" / "multilingual" / "vocab.ttl"


def zoo() -> Glossary:
    """A small hierarchy with polyhierarchy: 'kitten' is under 'cat' and under 'young animal'."""
    def term(label, *parents, related=()):
        refs = [Reference(p, "broader", i) for i, p in enumerate(parents)]
        refs += [Reference(r, "related", 9 + i) for i, r in enumerate(related)]
        return Term(label, short_def=f"About {label}.", categories=["Zoo" if parents else "Top"],
                    references=refs)

    return Glossary([term("animal"), term("cat", "animal"), term("dog", "animal", related=["cat"]),
                     term("young animal", "animal"), term("kitten", "cat", "young animal"),
                     term("puppy", "dog", "young animal"), term("lion", "cat"), term("plant")])


def findings_for_zoo() -> list[Finding]:
    return [
        Finding("GG101", "broken-reference", "error", "'dog' names 'wolf', which is not a term", term="dog",
                target="wolf", relation="related"),
        Finding("GG401", "missing-short-def", "warning", "'lion' has no long definition", term="lion"),
        Finding("GG402", "stale-review", "info", "'plant' was never reviewed", term="plant"),
        Finding("GG501", "suggest-related", "suggestion", "'lion' may be related to 'puppy'", term="lion",
                target="puppy", relation="related"),
    ]


def drawn_borders(page: Page) -> set[str]:
    return set(page.js("glossgraph.nodes.get().map((n) => n.color.border)"))


def test_reader_mode_hides_findings_until_asked(tmp_path, opened):
    page = opened(write_html(zoo(), tmp_path / "zoo.html", findings=findings_for_zoo())[0])
    assert not page.js("glossgraph.state.problems")
    assert not {"#d62728", "#ff7f0e", "#1f77b4"} & drawn_borders(page)
    assert page.js("glossgraph.edges.get().filter((e) => e.suggested).length") == 0
    page.js("glossgraph.select('lion')")
    assert "Findings" not in page.card()
    page.page.check("#gg-show-problems")
    page.page.click("#gg-reset")
    page.page.check("#gg-show-problems")
    assert "#d62728" in drawn_borders(page)  # errors are marked by default, warnings are not
    assert "#ff7f0e" not in drawn_borders(page)
    page.page.check("#gg-sev-warning")
    assert "#ff7f0e" in drawn_borders(page)
    # the suggestion is a dotted grey link, in problems mode only
    suggested = page.js("glossgraph.edges.get().filter((e) => e.suggested)")
    assert [(e["from"], e["to"], e["dashes"], e["color"]["color"]) for e in suggested] == [
        ("lion", "puppy", [2, 5], "#8c959f")]
    page.page.uncheck("#gg-show-problems")
    assert page.js("glossgraph.edges.get().filter((e) => e.suggested).length") == 0
    assert page.errors == []


def test_problems_written_with_the_option_open_in_problems_mode(tmp_path, opened):
    page = opened(write_html(zoo(), tmp_path / "zoo.html", findings=findings_for_zoo(), problems=True)[0])
    assert page.js("glossgraph.state.problems")
    assert page.js("document.getElementById('gg-show-problems').checked")
    assert not page.js("document.getElementById('gg-pane-problems').hidden")


def test_problems_panel_groups_findings_and_selects_their_term(tmp_path, opened):
    page = opened(write_html(zoo(), tmp_path / "zoo.html", findings=findings_for_zoo())[0])
    page.page.check("#gg-show-problems")
    groups = page.js("""Array.from(document.querySelectorAll('#gg-problem-list details'))
                        .map((d) => [d.dataset.severity, d.dataset.code])""")
    assert groups == [["error", "GG101"], ["warning", "GG401"], ["info", "GG402"], ["suggestion", "GG501"]]
    page.page.click("#gg-problem-list details[data-code='GG401'] summary")
    page.page.click("#gg-problem-list details[data-code='GG401'] button.gg-problem-term")
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'lion'", 5)
    assert page.js("glossgraph.network.getSelectedNodes()") == ["lion"]
    assert "'lion' has no long definition" in page.card()
    # only problems: errors only by default, then errors and warnings
    page.page.check("#gg-only-problems")
    page.page.click("#gg-reset")
    page.page.check("#gg-show-problems")
    page.page.check("#gg-only-problems")
    shown = "glossgraph.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)"
    assert set(page.js(shown)) == {"dog"}
    page.page.check("#gg-sev-warning")
    assert set(page.js(shown)) == {"dog", "lion"}
    assert page.errors == []


def test_hash_selects_and_back_returns(tmp_path, opened):
    path = write_html(zoo(), tmp_path / "zoo.html", findings=[])[0]
    page = opened(path)
    page.js("glossgraph.select('young-animal')")
    assert page.js("location.hash") == "#young-animal"
    page.page.click("#gg-card button[data-target='kitten']")
    wait_until(page.page, "location.hash === '#kitten'", 5)
    page.page.go_back()
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'young-animal'", 5)
    page.page.go_back()
    wait_until(page.page, "glossgraph.state.selected === null", 5)
    page.page.go_forward()
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'young-animal'", 5)
    other = Page(page.page.context.browser, path, hash="#" + "puppy")
    try:
        wait_until(other.page, "document.getElementById('gg-card').dataset.term === 'puppy'", 5)
        assert other.js("glossgraph.network.getSelectedNodes()") == ["puppy"]
    finally:
        other.close()
    assert page.errors == []


def test_hash_of_an_id_with_markup_is_encoded(tmp_path, opened):
    missing = "?no such <thing> & more #2"  # a missing term's id: '?', spaces, markup, '&' and '#'
    glossary = Glossary([Term("a"), Term("d", references=[Reference("a", "broader", 0),
                                                          Reference(missing[1:], "related", 1)])])
    path = write_html(glossary, tmp_path / "odd.html", findings=[])[0]
    page = opened(path)
    page.js("(id) => glossgraph.select(id)", missing)
    assert page.js("location.hash") == "#%3Fno%20such%20%3Cthing%3E%20%26%20more%20%232"
    other = Page(page.page.context.browser, path, hash=page.js("location.hash"))
    try:
        wait_until(other.page, "glossgraph.state.selected !== null", 5)
        assert other.js("glossgraph.state.selected") == missing
    finally:
        other.close()
    assert page.errors == []


def test_keyboard_path_from_search_to_card(sample, tmp_path, opened):
    page = opened(write_html(graph.load(sample), tmp_path / "sample.html")[0])
    page.page.focus("#gg-search")
    page.page.keyboard.type("ai")
    page.page.keyboard.press("ArrowDown")  # into the results (before the typing's debounced search has run)
    results = page.js("""Array.from(document.querySelectorAll('#gg-results button'))
                         .map((b) => b.dataset.target)""")
    assert len(results) >= 3 and page.js("document.activeElement.dataset.target") == results[0]
    page.page.keyboard.press("ArrowDown")
    page.page.keyboard.press("ArrowDown")
    assert page.js("document.activeElement.dataset.target") == results[2]
    page.page.keyboard.press("ArrowUp")
    assert page.js("document.activeElement.dataset.target") == results[1]
    page.page.keyboard.press("ArrowUp")
    page.page.keyboard.press("ArrowUp")  # above the first result: back to the box
    assert page.js("document.activeElement.id") == "gg-search"
    page.page.keyboard.press("Escape")  # closes the results, keeps the text
    assert page.js("document.querySelectorAll('#gg-results button').length") == 0
    assert page.js("document.getElementById('gg-search').value") == "ai"
    page.page.keyboard.press("Escape")  # then clears the box
    assert page.js("document.getElementById('gg-search').value") == ""
    page.page.keyboard.type("red team")
    page.page.keyboard.press("ArrowDown")
    assert page.js("document.activeElement.dataset.target") == "red-teaming"
    page.page.keyboard.press("Enter")
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'red-teaming'", 5)
    assert page.js("document.activeElement.id") == "gg-card-heading"
    page.page.keyboard.press("Escape")
    wait_until(page.page, "glossgraph.state.selected === null", 5)
    page.page.focus("#gg-search")
    tabs = 0
    while page.js("document.activeElement.id") != "gg-panel" and tabs < 12:
        page.page.keyboard.press("Tab")
        tabs += 1
    assert page.js("document.activeElement.id") == "gg-panel" and tabs <= 7


def test_panel_scrolls_to_top_on_a_new_selection(ai_glossary, tmp_path, opened):
    page = opened(write_html(graph.load(ai_glossary), tmp_path / "ai.html")[0])
    page.js("glossgraph.select('ai-incident-response')")
    page.js("document.getElementById('gg-panel').scrollTop = 400")
    assert page.js("document.getElementById('gg-panel').scrollTop") > 0
    page.js("glossgraph.select('model-governance')")
    assert page.js("document.getElementById('gg-panel').scrollTop") == 0


def test_tree_walks_the_hierarchy_with_the_keyboard(tmp_path, opened):
    page = opened(write_html(zoo(), tmp_path / "zoo.html", findings=[])[0])
    assert page.js("document.getElementById('gg-tree').getAttribute('role')") == "tree"
    roots = page.js("""Array.from(document.querySelectorAll('#gg-tree > [role=treeitem]'))
                       .map((li) => [li.dataset.term, li.getAttribute('aria-level'),
                                     li.getAttribute('aria-expanded')])""")
    assert roots == [["animal", "1", "false"], ["plant", "1", None]]  # a leaf has no aria-expanded
    page.page.focus("#gg-tree [data-term='animal']")
    page.page.keyboard.press("ArrowRight")  # opens animal
    animal = "document.querySelector('#gg-tree [data-term=animal]')"
    assert page.js(animal + ".getAttribute('aria-expanded')") == "true"
    page.page.keyboard.press("ArrowRight")  # to its first child
    assert page.js("document.activeElement.dataset.term") == "cat"
    assert page.js("document.activeElement.getAttribute('aria-level')") == "2"
    assert page.js("document.activeElement.parentElement.getAttribute('role')") == "group"
    page.page.keyboard.press("ArrowDown")
    assert page.js("document.activeElement.dataset.term") == "dog"
    page.page.keyboard.press("Enter")
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'dog'", 5)
    page.page.keyboard.press("ArrowLeft")  # dog is closed: to its parent
    assert page.js("document.activeElement.dataset.term") == "animal"
    page.page.keyboard.press("ArrowLeft")  # closes animal
    assert page.js("document.querySelectorAll('#gg-tree [role=treeitem]').length") == 2
    # selecting reveals the term with its ancestors and siblings; polyhierarchy is named
    page.js("glossgraph.select('kitten')")
    selected = page.js("""(() => { const li = document.querySelector('#gg-tree [aria-selected=true]');
        const up = []; let at = li.parentElement.closest('[role=treeitem]');
        while (at) { up.push(at.dataset.term); at = at.parentElement.closest('[role=treeitem]'); }
        const siblings = Array.from(li.parentElement.children).map((x) => x.dataset.term);
        return [li.dataset.term, up, siblings, li.textContent]; })()""")
    assert page.js("document.querySelectorAll('#gg-tree [aria-selected=true]').length") == 1
    assert selected[0] == "kitten" and selected[1] == ["cat", "animal"]
    assert selected[2] == ["kitten", "lion"] and "also under young animal" in selected[3]
    assert page.js("document.querySelector('#gg-tree [data-term=puppy]')") is None  # not opened
    assert page.errors == []


def test_a_to_z_index_lists_every_term(tmp_path, opened):
    glossary = zoo()
    page = opened(write_html(glossary, tmp_path / "zoo.html", findings=[])[0])
    page.page.click("#gg-tab-az")
    letters = page.js("Array.from(document.querySelectorAll('#gg-letters button')).map((b) => b.textContent)")
    assert letters == sorted({t.label[0].upper() for t in glossary})
    page.page.click("#gg-letters button[data-letter='K']")
    listed = "Array.from(document.querySelectorAll('#gg-az-list button')).map((b) => b.textContent)"
    assert page.js(listed) == ["kitten"]
    page.page.click("#gg-az-list button")
    wait_until(page.page, "document.getElementById('gg-card').dataset.term === 'kitten'", 5)
    every = page.js("""Array.from(document.querySelectorAll('#gg-letters button')).flatMap((b) => { b.click();
        return Array.from(document.querySelectorAll('#gg-az-list button'))
            .map((x) => x.dataset.target); })""")
    assert sorted(every) == sorted(t.id for t in glossary)  # every term under one letter


def test_local_graph_is_laid_out_again_fitted_and_legible(tmp_path, opened):
    chain = [Term(f"level {i}", references=[Reference(f"level {i - 1}", "broader", 0)] if i else [])
             for i in range(8)]
    crowd = [Term(f"leaf {k}", references=[Reference("level 7", "broader", 0)]) for k in range(12)]
    far = [Term(f"other {k}", references=[Reference(f"other {k - 1}", "related", 0)] if k else [])
           for k in range(300)]
    page = opened(write_html(Glossary(chain + crowd + far), tmp_path / "local.html", findings=[])[0])
    page.js("glossgraph.select('level-7')")
    drawn = set(page.js("glossgraph.nodes.getIds()"))
    assert drawn == {f"level-{i}" for i in range(8)} | {f"leaf-{k}" for k in range(12)}  # chain to the top
    assert page.js("glossgraph.network.getScale()") >= 0.857  # 14 px labels at >= 12 px
    assert readable_labels(page) == len(drawn)  # fitted: every label on screen and legible
    levels = page.js("""(() => { const p = glossgraph.network.getPositions();
        return [p['level-0'].y, p['level-6'].y, p['level-7'].y, p['leaf-0'].y]; })()""")
    assert levels == sorted(levels) and len(set(levels)) == 4  # broader above, narrower below
    page.page.select_option("#gg-depth", "2")
    assert set(page.js("glossgraph.nodes.getIds()")) == drawn  # nothing more two links away
    page.js("glossgraph.select('other-150')")
    assert set(page.js("glossgraph.nodes.getIds()")) == {f"other-{k}" for k in range(148, 153)}
    assert readable_labels(page) == 5
    assert page.errors == []


def test_a_crowded_local_graph_stays_legible_around_the_term(tmp_path, opened):
    hub = [Term("hub")] + [Term(f"spoke number {k}", references=[Reference("hub", "broader", 0)])
                           for k in range(150)]
    page = opened(write_html(Glossary(hub), tmp_path / "hub.html", findings=[])[0])
    page.js("glossgraph.select('hub')")
    assert len(page.js("glossgraph.nodes.getIds()")) == 151
    assert page.js("glossgraph.network.getScale()") >= 0.857  # too many to fit: legible, not fitted
    on_screen = page.js("""(() => { const n = glossgraph.network;
        const p = n.canvasToDOM(n.getPosition('hub'));
        const r = document.querySelector('#gg-network canvas').getBoundingClientRect();
        return p.x > 0 && p.y > 0 && p.x < r.width && p.y < r.height; })()""")
    assert on_screen and readable_labels(page) >= 20


def test_category_colours_are_stable_and_safe(ai_glossary, tmp_path):
    glossary = graph.load(ai_glossary)
    full = {c["name"]: c["color"] for c in build_page_data(glossary, findings=[])["categories"]}
    focus = {c["name"]: c["color"] for c in build_page_data(glossary, findings=[], focus="guardrails",
                                                            depth=1)["categories"]}
    assert focus and all(full[name] == colour for name, colour in focus.items())
    assert not {"#d62728", "#ff7f0e", "#1f77b4"} & set(full.values())
    script = ("from graph.export.html_data import category_colour as c; "
              "print(c('Governance & Risk'), c('LLM Core'))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed, "PATH": ""}, cwd=cwd).stdout
               for seed, cwd in (("1", tmp_path), ("2", Path(__file__).parent))}
    assert outputs == {f"{category_colour('Governance & Risk')} {category_colour('LLM Core')}\n"}


def rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[k:k + 2], 16) for k in (1, 3, 5)))


def legend_and_fills(page: Page) -> tuple[dict[str, str], dict[str, str]]:
    """The legend's swatch colour per group name, and the fill of every drawn term (as rgb())."""
    legend = dict(page.js("""Array.from(document.querySelectorAll('#gg-categories label')).map((l) =>
        [l.querySelector('span:not(.gg-swatch):not(.gg-count)').textContent,
         getComputedStyle(l.querySelector('.gg-swatch')).backgroundColor])"""))
    fills = {n["id"]: rgb(n["color"]["background"]) for n in page.js("glossgraph.nodes.get()")}
    return legend, fills


def test_map_colours_follow_the_legend_in_full_and_focus_exports(tmp_path, opened):
    glossary = zoo()
    full = opened(write_html(glossary, tmp_path / "full.html", findings=[])[0])
    focus = opened(write_html(glossary, tmp_path / "focus.html", findings=[], focus="kitten", depth=1)[0])
    seen = []
    for page in (full, focus):
        legend, fills = legend_and_fills(page)
        assert fills and all(fills[t.id] == legend[t.categories[0]] for t in glossary if t.id in fills)
        seen.append(fills)
    assert len(seen[1]) < len(seen[0]) and all(seen[0][t] == colour for t, colour in seen[1].items())
    assert len(set(seen[0].values())) == 2  # "Top" and "Zoo" are told apart


def test_map_without_categories_is_coloured_by_top_concept(tmp_path, opened):
    glossary = Glossary([Term("a"), Term("a1", references=[Reference("a", "broader", 0)]), Term("b"),
                         Term("b1", references=[Reference("b", "broader", 0)])])
    page = opened(write_html(glossary, tmp_path / "tops.html", findings=[])[0])
    legend, fills = legend_and_fills(page)
    assert page.js("document.getElementById('gg-groups-title').textContent") == "Top concepts"
    assert fills == {"a": legend["a"], "a1": legend["a"], "b": legend["b"], "b1": legend["b"]}
    assert legend["a"] != legend["b"]


def test_vocabulary_without_categories_is_coloured_by_top_concept(tmp_path):
    glossary = Glossary([Term("a"), Term("a1", references=[Reference("a", "broader", 0)]), Term("b"),
                         Term("b1", references=[Reference("b", "broader", 0)])])
    data = build_page_data(glossary, findings=[])
    assert data["grouping"] == "top concept"
    assert {n["id"]: n["groups"] for n in data["nodes"]} == {"a": ["a"], "a1": ["a"], "b": ["b"], "b1": ["b"]}
    assert {c["name"] for c in data["categories"]} == {"a", "b"}


def test_language_switch_relabels_map_tree_and_card(tmp_path, opened):
    glossary = graph.load(MULTILINGUAL)
    page = opened(write_html(glossary, tmp_path / "ml.html", findings=[])[0])
    assert not page.js("document.getElementById('gg-lang-box').hidden")
    assert page.js("Array.from(document.getElementById('gg-lang').options).map((o) => o.value)") == [
        "en", "de", "fr"]
    page.js("glossgraph.select('red')")
    page.page.select_option("#gg-lang", "fr")
    assert page.js("document.querySelector('#gg-card h2').textContent") == "rouge"
    assert "couleur" in page.js("glossgraph.nodes.get().map((n) => n.label)")
    assert "rouge" in page.js("document.getElementById('gg-tree').textContent")
    assert page.js("glossgraph.search('bleu fonce')[0].id") == "dark-blue"
    page.page.select_option("#gg-lang", "de")
    assert page.js("glossgraph.nodes.get('orange').label") == "Orange"
    page.js("glossgraph.select('dark-blue')")
    assert page.js("document.querySelector('#gg-card h2').textContent") == "dark blue"  # no German label
    assert page.errors == []


def test_single_language_has_no_switch(sample, tmp_path, opened):
    page = opened(write_html(graph.load(sample), tmp_path / "s.html", findings=[])[0])
    assert page.js("document.getElementById('gg-lang-box').hidden")


@pytest.mark.parametrize("width, height", [(390, 844), (480, 800), (700, 1000)])
def test_phone_width_layout(sample, tmp_path, browser, width, height):
    path = write_html(graph.load(sample), tmp_path / "s.html", findings=[])[0]
    page = Page(browser, path, viewport=(width, height))
    try:
        box = page.js("""(() => { const r = (id) => document.getElementById(id).getBoundingClientRect();
            const style = (id) => getComputedStyle(document.getElementById(id));
            return {map: r('gg-network').width, side: style('gg-side').display,
                    toggle: style('gg-side-toggle').display}; })()""")
        assert box["map"] >= width - 10 and box["side"] == "none" and box["toggle"] != "none"
        page.page.click("#gg-side-toggle")
        assert page.js("getComputedStyle(document.getElementById('gg-side')).display") == "flex"
        page.page.click("#gg-tab-filters")
        assert page.page.get_by_role("checkbox", name="related (dashed)").is_visible()
        page.page.click("#gg-side-toggle")
        page.js("glossgraph.select('red-teaming')")
        sheet = page.js("""(() => { const r = document.getElementById('gg-panel').getBoundingClientRect();
            return [r.left, r.right, r.bottom, r.height]; })()""")
        assert sheet[0] == 0 and sheet[1] >= width - 1 and sheet[2] >= height - 1
        assert sheet[3] <= height * 0.43
        term_y = page.js("""(() => { const n = glossgraph.network;
            const box = document.getElementById('gg-network').getBoundingClientRect();
            return box.top + n.canvasToDOM(n.getPosition('red-teaming')).y; })()""")
        assert 0 < term_y < height - sheet[3]  # the selected term is not under the sheet
        map_bottom = page.js("document.getElementById('gg-network').getBoundingClientRect().bottom")
        assert map_bottom <= height - sheet[3] + 1  # nor is any of the map
        assert page.errors == []
    finally:
        page.close()


@pytest.mark.parametrize("width, side, card", [(800, "none", 300), (1000, "flex", 300), (1280, "flex", 380)])
def test_wider_screens_keep_a_map_beside_the_card(sample, tmp_path, browser, width, side, card):
    """Above phone width the card stays on the right; below 900 px the side panel sits behind the button."""
    path = write_html(graph.load(sample), tmp_path / "s.html", findings=[])[0]
    page = Page(browser, path, viewport=(width, 800))
    try:
        box = page.js("""(() => { const r = (id) => document.getElementById(id).getBoundingClientRect();
            const style = (id) => getComputedStyle(document.getElementById(id)).display;
            return [style('gg-side'), style('gg-side-toggle'), r('gg-panel').width,
                    r('gg-network').width]; })()""")
        assert box[0] == side and (box[1] == "none") == (side == "flex") and box[2] == card
        assert box[3] >= 400  # the map keeps room
        if side == "none":
            page.page.click("#gg-side-toggle")
            assert page.page.get_by_role("tab", name="Tree").is_visible()
        assert page.errors == []
    finally:
        page.close()


def test_no_request_leaves_the_page(sample, tmp_path, browser):
    path = write_html(graph.load(sample), tmp_path / "s.html")[0]
    page = Page(browser, path)
    try:
        page.js("glossgraph.select('red-teaming')")
        page.page.check("#gg-show-problems")
        page.page.click("#gg-tab-az")
        assert page.requests and all(url.startswith("file:") for url in page.requests)
    finally:
        page.close()


def test_the_whole_map_is_kept_while_a_local_graph_shows(tmp_path, opened):
    """Back on the map (reset, "whole map") the same network shows, with what changed meanwhile applied."""
    page = opened(write_html(zoo(), tmp_path / "zoo.html", findings=findings_for_zoo())[0])
    page.js("window.__map = glossgraph.network")
    whole = set(page.js("glossgraph.nodes.getIds()"))
    page.js("glossgraph.select('kitten')")
    assert not page.js("glossgraph.network === window.__map")  # the local graph has its own surface
    assert len(page.js("glossgraph.nodes.getIds()")) < len(whole)
    page.page.check("#gg-show-problems")  # changed while the local graph shows
    page.page.click("#gg-tab-filters")
    page.page.get_by_role("checkbox", name="Top").uncheck()
    page.page.select_option("#gg-depth", "map")
    assert page.js("glossgraph.network === window.__map")
    assert set(page.js("glossgraph.nodes.getIds()")) == whole
    shown = set(page.js("glossgraph.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)"))
    assert shown == whole - {"animal", "plant"}  # the category filter reached the map
    assert "#d62728" in drawn_borders(page)  # and so did the problems mode
    visible_canvases = page.js("""Array.from(document.querySelectorAll('#gg-network canvas'))
        .filter((c) => getComputedStyle(c).visibility === 'visible').length""")
    assert visible_canvases == 1
    page.page.click("#gg-reset")
    assert page.js("glossgraph.network === window.__map") and page.errors == []


def test_computed_suggestions_are_dotted_links_in_problems_mode_only(tmp_path, opened):
    small = graph.load(Path(__file__).parent / "fixtures" / "suggest" / "small")
    plain = build_page_data(small)  # a reader's page: no suggestions computed
    assert plain["suggested"] == [] and not any(f["severity"] == "suggestion" for f in plain["findings"])
    page = opened(write_html(small, tmp_path / "small.html", suggestions=True)[0])
    dotted = "glossgraph.edges.get().filter((e) => e.suggested).map((e) => [e.from, e.to, e.dashes])"
    assert page.js(dotted) == []  # reader mode
    page.page.check("#gg-show-problems")
    # the GG501 suggestion of the test suite: "A prompt crafted to get around Guardrails."
    assert ["jailbreak-prompt", "guardrail", [2, 5]] in page.js(dotted)
    assert ["model-card", "datasheet", [2, 5]] not in page.js(dotted)  # already linked
    page.js("glossgraph.select('jailbreak-prompt')")
    assert "may be related to 'guardrail'" in page.card()
    page.page.uncheck("#gg-show-problems")
    assert page.js(dotted) == []
    assert page.errors == []
