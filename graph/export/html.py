"""The offline HTML explorer: one self-contained, safe page drawn with vis-network.

vis-network's script and style come from the files bundled with the
installed pyvis package and are inlined, so the page fetches nothing. The
page template, its script and its style live in ``html_assets/``; pyvis's
own template is not used, because it loads Bootstrap from a CDN and inserts
data as markup.

Safety: every text from the glossary reaches the page inside one JSON data
block, escaped so that it cannot end the block (``<``, ``>``, ``&``,
U+2028, U+2029 become ``\\uHHHH``); the page script writes it with
``textContent`` only; links are made only for http(s) URLs; a
Content-Security-Policy allows exactly the page's two inline scripts and
its one style block (by SHA-256 hash) and nothing else.

Scale: node and edge lists are built directly (no ``Network.add_edge``
loop); positions come from `graph.layout.hierarchy_layout`; vis physics runs
only on small graphs (below `PHYSICS_LIMIT` nodes).
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fileio import atomic_write_text
from ..findings import Finding
from .html_data import AGGREGATE_LIMIT, DEFAULT_DEPTH, PALETTE, PHYSICS_LIMIT, build_page_data

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary

__all__ = [
    "AGGREGATE_LIMIT",
    "PHYSICS_LIMIT",
    "DEFAULT_DEPTH",
    "PALETTE",
    "build_page_data",
    "embed_json",
    "render_html",
    "write_html",
    "show",
    "vis_network_files",
]

_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                     "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_PATTERN = re.compile("[<>&\u2028\u2029]")
_SLOT = re.compile(r"\{\{([A-Z_]+)\}\}")
#: The page script, in order; joined into one inline script inside one function scope.
SCRIPT_PARTS = ("core.js", "card.js", "search.js", "tree.js", "views.js", "start.js")


def write_html(glossary: Glossary, path: str | Path, *, findings: list[Finding] | None = None,
               focus: str | None = None, depth: int | None = None, title: str | None = None,
               physics: bool | None = None, problems: bool = False,
               suggestions: bool | None = None) -> list[Path]:
    """Write the explorer page of `glossary` to `path` (atomically); returns ``[path]``.

    Parameters
    ----------
    glossary : Glossary
    path : str or Path
        The ``.html`` file to write; parent folders are created.
    findings : list of Finding, optional
        Problems to mark on the map; by default ``graph.checks.run_checks(glossary)``.
    focus : str, optional
        A label, alias or slug: keep only this term's neighbourhood.
    depth : int, optional
        How many links around `focus` to keep (default 2).
    title : str, optional
        The page title (default: the scheme title).
    physics : bool, optional
        Force vis physics on or off (default: on below `PHYSICS_LIMIT` nodes).
    problems : bool, optional
        Open the page with the problems shown (default: reader mode, findings hidden).
    suggestions : bool, optional
        Add the glossary's suggestions (GG5xx, each term's best 5), drawn as dotted grey links
        in problems mode (default: when `problems`).

    Raises
    ------
    UnknownTermError
        When `focus` names no term.
    """
    page = render_html(glossary, findings=findings, focus=focus, depth=depth, title=title,
                       physics=physics, problems=problems, suggestions=suggestions)
    return [atomic_write_text(path, page, readable=True)]  # a file name not in UTF-8 shows as U+FFFD


def show(glossary: Glossary, *, height: int = 640, **options: Any) -> Any:
    """The explorer inline in Jupyter: an IPython ``IFrame`` (sandboxed, the page in ``srcdoc``).

    Without IPython, the page's HTML text is returned.
    """
    page = render_html(glossary, **options)
    try:
        from IPython.display import IFrame
    except ImportError:
        return page
    extras = ['sandbox="allow-scripts"', f'srcdoc="{html.escape(page, quote=True)}"']
    return IFrame("about:blank", width="100%", height=int(height), extras=extras)


def render_html(glossary: Glossary, *, findings: list[Finding] | None = None, focus: str | None = None,
                depth: int | None = None, title: str | None = None,
                physics: bool | None = None, problems: bool = False,
                suggestions: bool | None = None) -> str:
    """The explorer page as text (see `write_html` for the options)."""
    data = build_page_data(glossary, findings=findings, focus=focus, depth=depth, title=title,
                           physics=physics, problems=problems, suggestions=suggestions)
    vis_js, vis_css = vis_network_files()
    app_js = page_script()
    style = vis_css + "\n" + _asset("explorer.css")
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
        f"style-src {_csp_hash(style)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    slots = {"CSP": html.escape(csp, quote=False), "TITLE": html.escape(data["title"]),
             "STYLE": style, "VIS_JS": vis_js, "APP_JS": app_js, "DATA": embed_json(data)}
    return _SLOT.sub(lambda m: slots[m.group(1)], _asset("template.html"))


def embed_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` block: sorted, compact, with <, >, &, U+2028/9 escaped.

    >>> embed_json({"b": "</script><!--", "a": "\\u2028"})
    '{"a":"\\\\u2028","b":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _UNSAFE_PATTERN.sub(lambda m: _UNSAFE_IN_SCRIPT[m.group(0)], text)


@lru_cache(maxsize=1)
def vis_network_files() -> tuple[str, str]:
    """The (script, style) text of the newest vis-network bundled with pyvis (pyvis is not imported)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("the HTML export needs pyvis (pip install pyvis)")
    folders = sorted(Path(spec.origin).parent.glob("lib/vis-*/vis-network.min.js"),
                     key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)])
    if not folders:
        raise RuntimeError(f"no vis-network files found in {Path(spec.origin).parent}")
    folder = folders[-1].parent
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    script = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", script)  # no source map to look for
    if "</script" in script.lower():
        raise RuntimeError("vis-network.min.js cannot be inlined: it contains '</script'")
    return script, (folder / "vis-network.css").read_text(encoding="utf-8")


@cache
def page_script() -> str:
    """The page's own script: the parts of `SCRIPT_PARTS` in one function scope."""
    body = "\n".join(_asset(name) for name in SCRIPT_PARTS)
    return '(function () {\n  "use strict";\n' + body + "\n})();\n"


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("html_assets", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
