"""Time the HTML explorer: write time, file size and time to first draw in headless Chromium.

Reusable from the benchmark suite::

    from tests.benchmarks.html_timing import synthetic_glossary, time_html_export
    row = time_html_export(synthetic_glossary(10_000), "/tmp/g10k.html")
    # {'terms': 10000, 'nodes': ..., 'write_s': 1.2, 'bytes': ..., 'first_draw_s': 2.9}

`first_draw_seconds(path)` alone opens a written page (every non-file request
aborted) and returns the seconds from navigation start to vis-network's first
`afterDrawing` event, as the page records it in ``window.glossgraph.firstDrawMs``.

`interaction_timings(path)` opens a page and times what a reader does
(search and select, a filter, a depth change, reset, the problems toggle, a
tree branch opened), each until the next frame is drawn, and panning in
frames per second. The actions only use the page's public hooks and element
ids, so the same rows can be measured on an older export ("before").

Run as a script: ``python tests/benchmarks/html_timing.py 1000 10000 30000``
(``--json out.json`` also writes the rows; ``--page old.html`` times a page
written elsewhere, e.g. by an older glossgraph).
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from graph.model import Glossary, Reference, Term

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "synthetic_glossary", "first_draw_seconds", "interaction_timings",
           "time_html_export", "wait_until"]

#: Each action as page script: it returns a promise of the milliseconds until the next frame is drawn.
_TIMED = """(action) => new Promise((done) => {
    const start = performance.now();
    action();
    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
})"""
_ACTIONS = {
    "search_select_ms": "() => glossgraph.select(glossgraph.search('term 1234', 1)[0].id)",
    "depth_ms": "() => glossgraph.setDepth(2)",
    "reset_ms": "() => glossgraph.reset()",
    "filter_ms": "() => document.querySelector('#gg-categories input').click()",
    "filter_back_ms": "() => document.querySelector('#gg-categories input').click()",
    "problems_ms": "() => document.querySelector('#gg-show-problems, #gg-problems').click()",
    "tree_expand_ms": "() => { const t = document.querySelector('#gg-tree .gg-twisty'); if (t) t.click(); }",
}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
_CATEGORIES = ["Foundations", "LLM Core", "Governance & Risk", "Operations", "Retrieval", "Agents",
               "Evaluation", "Security", "Data", "Efficiency"]
_STATUSES = ["approved", "reviewed", "draft", "deprecated"]


def synthetic_glossary(n: int, seed: int = 7) -> Glossary:
    """A taxonomy-shaped glossary of `n` terms: a broader tree, ~1.5 related links each, 1% dangling."""
    rng = random.Random(seed)
    terms = []
    for i in range(n):
        refs = []
        if i:
            refs.append(Reference(f"term {rng.randrange(max(1, i // 4), i) if i > 4 else 0}", "broader", 0))
        for k in range(rng.choice((0, 1, 2, 2))):
            refs.append(Reference(f"term {rng.randrange(n)}", "related", k))
        if rng.random() < 0.01:
            refs.append(Reference(f"missing concept {i % 97}", "related", 9))
        terms.append(Term(
            f"term {i}", aliases=[f"alias {i}"], categories=[rng.choice(_CATEGORIES)],
            short_def=f"Synthetic definition number {i} for benchmarking the explorer.",
            status=rng.choice(_STATUSES), references=refs,
        ))
    return Glossary(terms)


def first_draw_seconds(path: str | Path, timeout_s: float = 120.0,
                       viewport: tuple[int, int] = (1400, 900)) -> float:
    """Seconds from navigation start to the first vis-network draw of an exported page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(Path(path).resolve().as_uri(), timeout=timeout_s * 1000)
            wait_until(page, "window.glossgraph && window.glossgraph.drawn", timeout_s)
            return page.evaluate("window.glossgraph.firstDrawMs") / 1000.0
        finally:
            browser.close()


def wait_until(page: Any, expression: str, timeout_s: float = 60.0) -> Any:
    """Poll a JS expression until it is truthy (the page's CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression!r} still false after {timeout_s} s")
        page.wait_for_timeout(25)


def interaction_timings(path: str | Path, timeout_s: float = 180.0,
                        viewport: tuple[int, int] = (1400, 900)) -> dict[str, Any]:
    """First draw, each reader action (ms until the next frame) and panning (frames per second)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(Path(path).resolve().as_uri(), timeout=timeout_s * 1000)
            wait_until(page, "window.glossgraph && window.glossgraph.drawn", timeout_s)
            page.evaluate("glossgraph.settle && glossgraph.settle()")
            row: dict[str, Any] = {"first_draw_s": round(page.evaluate("glossgraph.firstDrawMs") / 1000, 3)}
            page.evaluate("glossgraph.reset()")
            row["pan_fps"] = _pan_fps(page)
            for name, action in _ACTIONS.items():
                row[name] = round(page.evaluate(f"({_TIMED})({action})"), 1)
            return row
        finally:
            browser.close()


def _pan_fps(page: Any, steps: int = 40) -> float:
    """Drag the map across the canvas and count vis-network's frames per second meanwhile."""
    box = page.evaluate("""(() => {
        const r = document.querySelector('#gg-network canvas').getBoundingClientRect();
        window.__frames = 0; glossgraph.network.on('afterDrawing', () => { window.__frames += 1; });
        return [r.left + r.width / 2, r.top + r.height / 2]; })()""")
    page.mouse.move(box[0], box[1])
    page.mouse.down()
    start = time.perf_counter()
    for k in range(steps):
        page.mouse.move(box[0] + 6 * ((k % 20) - 10), box[1] + 4 * ((k % 10) - 5))
    page.mouse.up()
    elapsed = time.perf_counter() - start
    return round(page.evaluate("window.__frames") / elapsed, 1)


def time_html_export(glossary: Glossary, path: str | Path, draw: bool = True) -> dict[str, Any]:
    """Write `glossary` as HTML to `path` and measure: write_s, bytes, first_draw_s (None: no browser)."""
    from graph.export.html import write_html

    start = time.perf_counter()
    write_html(glossary, path, findings=[])
    write_s = time.perf_counter() - start
    can_draw = draw and Path(CHROMIUM).exists()
    return {
        "terms": len(glossary),
        "write_s": round(write_s, 3),
        "bytes": Path(path).stat().st_size,
        "first_draw_s": round(first_draw_seconds(path), 3) if can_draw else None,
    }


if __name__ == "__main__":  # pragma: no cover
    import argparse
    import json
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000, 30_000])
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    parser.add_argument("--page", type=Path, action="append", default=[],
                        help="time this already written page instead (repeatable)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    rows = []
    for page_path in args.page:
        rows.append({"page": str(page_path), **interaction_timings(page_path)})
        print(rows[-1], flush=True)
    for size in [] if args.page else args.sizes:
        built = time.perf_counter()
        glossary = synthetic_glossary(size)
        target = folder / f"g{size}.html"
        row = time_html_export(glossary, target, draw=False)
        row["build_s"] = round(time.perf_counter() - built, 2)
        if Path(CHROMIUM).exists():
            row.update(interaction_timings(target))
        rows.append(row)
        print(row, flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, sort_keys=True) + "\n", encoding="utf-8")
