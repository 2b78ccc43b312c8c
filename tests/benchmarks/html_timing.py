"""Time the HTML explorer: write time, file size and time to first draw in headless Chromium.

Reusable from the benchmark suite::

    from tests.benchmarks.html_timing import synthetic_glossary, time_html_export
    row = time_html_export(synthetic_glossary(10_000), "/tmp/g10k.html")
    # {'terms': 10000, 'nodes': ..., 'write_s': 1.2, 'bytes': ..., 'first_draw_s': 2.9}

`first_draw_seconds(path)` alone opens a written page (every non-file request
aborted) and returns the seconds from navigation start to vis-network's first
`afterDrawing` event, as the page records it in ``window.glossgraph.firstDrawMs``.

Run as a script: ``python tests/benchmarks/html_timing.py 1000 10000 30000``.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

from graph.model import Glossary, Reference, Term

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "synthetic_glossary", "first_draw_seconds", "time_html_export",
           "wait_until"]

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
    import tempfile

    folder = Path(tempfile.mkdtemp())
    for size in [int(arg) for arg in sys.argv[1:]] or [1000, 10_000, 30_000]:
        built = time.perf_counter()
        glossary = synthetic_glossary(size)
        print(size, "terms built in", round(time.perf_counter() - built, 2), "s;",
              time_html_export(glossary, folder / f"g{size}.html"), flush=True)
