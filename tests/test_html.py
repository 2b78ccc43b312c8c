"""The HTML explorer, Python side: page data, ghosts, finding marks, escaping, CSP, determinism."""

from __future__ import annotations

import base64
import hashlib
import re
import time
from pathlib import Path

import pytest

import graph
from graph.errors import UnknownTermError
from graph.export import export
from graph.export.html import (
    build_page_data,
    embed_json,
    render_html,
    show,
    vis_network_files,
    write_html,
)
from graph.findings import Finding
from graph.layout import forest_layout, hierarchy_layout
from graph.model import Glossary, Reference, Term, fold

HOSTILE = Path(__file__).parent / "fixtures" / "html" / "hostile" / "terms"


def small() -> Glossary:
    return Glossary([
        Term("animal", categories=["Zoo"], status="approved",
             references=[Reference("cat", "narrower", 0), Reference("dog", "narrower", 1)]),
        Term("cat", aliases=["kitty"], categories=["Zoo", "Pets"], status="draft",
             references=[Reference("animal", "broader", 0), Reference("dog", "related", 0),
                         Reference("unicorn", "related", 1)]),
        Term("dog", categories=["Pets"], status="deprecated",
             references=[Reference("cat", "related", 0), Reference("Unicorn", "broader", 1)]),
        Term("lonely"),
    ])


def test_nodes_are_terms_then_ghosts():
    data = build_page_data(small(), findings=[])
    ids = [node["id"] for node in data["nodes"]]
    assert ids == ["animal", "cat", "dog", "lonely", "?unicorn"]
    ghost = data["nodes"][-1]
    assert ghost["ghost"] is True and ghost["label"] == "unicorn"
    assert data["counts"] == {"terms": 4, "ghosts": 1, "nodes": 5, "edges": 5, "links": 5, "findings": 0}


def test_edges_point_to_the_broader_term_once_per_pair():
    edges = [(e["from"], e["to"], e["relation"], e.get("ghost", False))
             for e in build_page_data(small(), findings=[])["edges"]]
    assert edges == [
        ("cat", "animal", "broader", False),  # declared both ways: drawn once
        ("dog", "?unicorn", "broader", True),
        ("dog", "animal", "broader", False),  # narrower of animal: arrow toward animal
        ("cat", "?unicorn", "related", True),
        ("cat", "dog", "related", False),  # related both ways: one edge
    ]


def test_node_styling_inputs():
    nodes = {n["id"]: n for n in build_page_data(small(), findings=[])["nodes"]}
    assert nodes["cat"]["category"] == "Zoo" and nodes["cat"]["status"] == "draft"
    assert nodes["cat"]["degree"] == 3 and nodes["lonely"]["degree"] == 0
    assert "category" not in nodes["lonely"] and "status" not in nodes["lonely"]
    data = build_page_data(small(), findings=[])
    assert [(c["name"], c["count"]) for c in data["categories"]] == [("Pets", 2), ("Zoo", 2), ("", 1)]
    assert [s["name"] for s in data["statuses"]] == ["approved", "draft", "deprecated", ""]


def test_card_holds_the_term_as_written():
    card = {n["id"]: n for n in build_page_data(small(), findings=[])["nodes"]}["cat"]["card"]
    assert card["aliases"] == ["kitty"] and card["categories"] == ["Zoo", "Pets"]
    assert card["iri"].endswith("/cat") and "relationships" not in card and "term" not in card


def test_findings_mark_nodes_edges_and_ghosts():
    findings = [
        Finding("GG101", "broken-reference", "error", "no unicorn", term="dog", target="Unicorn",
                relation="broader"),
        Finding("GG203", "one-way-related", "warning", "one way", term="cat", target="dog",
                relation="related"),
        Finding("GG301", "label-clash", "info", "clash", term="animal", target="lonely"),
        Finding("GG001", "yaml", "error", "bad file", file="nowhere.yml", line=3),
    ]
    data = build_page_data(small(), findings=findings)
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert nodes["dog"]["severity"] == 0 and nodes["?unicorn"]["severity"] == 0
    assert edges[("dog", "?unicorn")]["severity"] == 0
    assert edges[("cat", "dog")]["severity"] == 1 and nodes["cat"]["severity"] == 1
    assert nodes["animal"]["severity"] == 2 and nodes["lonely"]["severity"] == 2
    assert [data["findings"][i]["code"] for i in data["general"]] == ["GG001"]
    assert "findings" not in edges[("cat", "animal")]


def test_default_findings_come_from_check(sample):
    glossary = graph.load(sample)
    data = build_page_data(glossary)
    assert data["counts"]["findings"] == len(glossary.check())


def test_real_dangling_references_become_ghost_nodes(ai_glossary):
    glossary = graph.load(ai_glossary)
    data = build_page_data(glossary)
    ghosts = [n for n in data["nodes"] if n.get("ghost")]
    assert len(ghosts) == len({fold(u.reference.text) for u in glossary.unresolved}) == 42
    assert sum(1 for e in data["edges"] if e.get("ghost")) == len(glossary.unresolved) == 56
    assert all(n.get("severity") == 0 for n in ghosts)  # each is a GG101 error
    assert data["counts"]["terms"] == len(glossary) == 112


def test_focus_keeps_the_neighbourhood(ai_glossary):
    glossary = graph.load(ai_glossary)
    data = build_page_data(glossary, findings=[], focus="model incident response", depth=1)
    ids = {n["id"] for n in data["nodes"] if not n.get("ghost")}
    assert data["focus"] == "ai-incident-response"
    chain = {"responsible-ai"}  # above model governance: the broader chain is kept to the top
    assert ids == {"ai-incident-response", "model-governance", "red-teaming", "guardrails",
                   "ml-observability"} | chain | {link.source for link in glossary.links
                                                  if link.target == "ai-incident-response"}


def test_unknown_focus_is_an_error():
    with pytest.raises(UnknownTermError):
        build_page_data(small(), findings=[], focus="zebra")


def test_embed_json_cannot_end_the_script():
    text = embed_json({"x": "</script><!-- \u2028\u2029 & >"})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert text == '{"x":"\\u003c/script\\u003e\\u003c!-- \\u2028\\u2029 \\u0026 \\u003e"}'


def test_hostile_fixture_reaches_the_page_only_as_escaped_data(tmp_path):
    glossary = graph.load(HOSTILE)
    page = write_html(glossary, tmp_path / "h.html", title="<script>window.__pwned=1</script>")[0]
    text = page.read_text(encoding="utf-8")
    in_vis = vis_network_files()[0].count("<script")  # a string inside vis-network's code
    assert text.count("<script") == 3 + in_vis and text.count("</script>") == 3
    assert "<!--" not in text and "\u2028" not in text and "\u2029" not in text
    assert "onerror" in text  # the markup is there, as escaped data
    assert "<img" not in text and "<svg" not in text and "<iframe" not in text
    assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>" in text


def test_page_is_self_contained_with_a_strict_csp(sample, tmp_path):
    text = write_html(graph.load(sample), tmp_path / "s.html", findings=[])[0].read_text("utf-8")
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", text) and "<link" not in text
    assert "sourceMappingURL" not in text and "bootstrap" not in text.lower()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "default-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", text, flags=re.S)
    style = re.search(r"<style>(.*?)</style>", text, flags=re.S).group(1)
    for body in scripts + [style]:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert len(scripts) == 2


def test_same_input_same_bytes(sample, tmp_path):
    first = write_html(graph.load(sample), tmp_path / "a.html")[0].read_bytes()
    second = write_html(graph.load(sample), tmp_path / "b.html")[0].read_bytes()
    assert first == second


def test_export_registry_and_to_html_accept_the_cli_options(ai_glossary, tmp_path):
    glossary = graph.load(ai_glossary)
    written = export(glossary, "html", tmp_path / "x" / "f.html", focus="guardrails", depth=1,
                     title="Guard")
    assert written == [tmp_path / "x" / "f.html"] and "<title>Guard</title>" in written[0].read_text()
    assert glossary.to_html(tmp_path / "all.html", findings=[]) == [tmp_path / "all.html"]


def test_show_returns_a_sandboxed_iframe():
    pytest.importorskip("IPython")
    shown = show(small(), findings=[])
    frame = shown._repr_html_()
    assert frame.startswith("\n        <iframe") and 'sandbox="allow-scripts" srcdoc="&lt;!DOCTYPE' in frame
    assert "<script>" not in frame  # the page is inside the attribute, escaped


def test_physics_only_for_small_graphs():
    assert build_page_data(small(), findings=[])["physics"] is True
    assert build_page_data(small(), findings=[], physics=False)["physics"] is False


def test_layout_is_deterministic_and_places_everything():
    glossary = small()
    layout = hierarchy_layout(glossary)
    assert set(layout) == set(glossary.terms) and layout == hierarchy_layout(small())
    assert forest_layout(["a", "b"], [("a", "b"), ("b", "a")]).keys() == {"a", "b"}  # a cycle


def synthetic(n: int) -> Glossary:
    return Glossary(
        Term(f"t{i}", categories=[f"c{i % 7}"],
             references=[Reference(f"t{i // 3}", "broader", 0)] if i else [])
        for i in range(n)
    )


def test_layout_and_write_are_fast_at_10k(tmp_path):
    glossary = synthetic(10_000)
    start = time.perf_counter()
    layout = hierarchy_layout(glossary)
    assert time.perf_counter() - start < 1.0 and len(layout) == 10_000
    start = time.perf_counter()
    write_html(glossary, tmp_path / "big.html", findings=[])
    assert time.perf_counter() - start < 6.0  # about 0.5 s here; generous for busy CI machines
    assert build_page_data(glossary, findings=[])["physics"] is False


def test_render_html_matches_write_html(tmp_path):
    glossary = small()
    assert write_html(glossary, tmp_path / "p.html", findings=[])[0].read_text("utf-8") == render_html(
        glossary, findings=[])


def page_data(path: Path) -> dict:
    import json

    text = path.read_text("utf-8")
    block = re.search(r'<script type="application/json" id="gg-data">(.*?)</script>', text, re.S).group(1)
    return json.loads(block)


def test_cli_problems_option_opens_the_page_in_problems_mode(sample, tmp_path):
    from click.testing import CliRunner

    from graph.cli import cli as main

    runner = CliRunner()
    plain = runner.invoke(main, ["export", "html", "--data", str(sample), "-o", str(tmp_path / "a.html")])
    shown = runner.invoke(main, ["export", "html", "--data", str(sample), "-o", str(tmp_path / "b.html"),
                                 "--problems"])
    assert plain.exit_code == shown.exit_code == 0, plain.output + shown.output
    assert page_data(tmp_path / "a.html")["problems"] is False
    assert page_data(tmp_path / "b.html")["problems"] is True
    wrong = runner.invoke(main, ["export", "ttl", "--data", str(sample), "-o", str(tmp_path / "x.ttl"),
                                 "--problems"])
    assert wrong.exit_code == 2 and "--problems apply to the html format only" in wrong.output
    built = runner.invoke(main, ["build", "--data", str(sample), "--out", str(tmp_path / "out"),
                                 "--problems"])
    assert built.exit_code in (0, 1), built.output
    assert page_data(next((tmp_path / "out").glob("*.html")))["problems"] is True


def test_suggestions_become_dotted_links_not_marks():
    findings = [Finding("GG501", "suggest-related", "suggestion", "cat may be related to lonely", term="cat",
                        target="lonely", relation="related"),
                Finding("GG502", "suggest-broader", "suggestion", "a suggestion with no target", term="dog")]
    data = build_page_data(small(), findings=findings)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert data["suggested"] == [{"from": "cat", "to": "lonely", "finding": 0}]
    assert "severity" not in nodes["cat"] and nodes["cat"]["suggestions"] == [0]
    assert nodes["dog"]["suggestions"] == [1] and data["general"] == []
    assert [row["node"] for row in data["findings"]] == ["cat", "dog"]


def test_card_dates_are_dates_and_paths_relative_to_the_data_root(tmp_path):
    folder = tmp_path / "data" / "terms"
    folder.mkdir(parents=True)
    (folder / "alpha.yml").write_text("term: alpha\nlast_reviewed: 2006-05-23T00:00:00\nseen: 2020-01-02\n")
    glossary = graph.load(tmp_path / "data")
    card = build_page_data(glossary, findings=[])["nodes"][0]["card"]
    assert card["last_reviewed"] == "2006-05-23" and card["seen"] == "2020-01-02"
    assert card["file"] == "terms/alpha.yml:1"


def test_suggestions_are_computed_with_problems_or_when_asked(tmp_path):
    from collections import Counter

    from click.testing import CliRunner

    from graph.cli import cli as main

    small = graph.load(Path(__file__).parent / "fixtures" / "suggest" / "small")
    link = {"from": "jailbreak-prompt", "to": "guardrail"}

    def links(data):
        return [{k: s[k] for k in ("from", "to")} for s in data["suggested"]]

    assert build_page_data(small)["suggested"] == []
    assert link in links(build_page_data(small, problems=True))
    assert build_page_data(small, problems=True, suggestions=False)["suggested"] == []
    data = build_page_data(small, suggestions=True)
    assert link in links(data) and data["problems"] is False
    per_term = Counter(s["from"] for s in data["suggested"])
    assert max(per_term.values()) <= 5  # each term's best 5, as `glossgraph suggest`
    given = [Finding("GG501", "unlinked-mention", "suggestion", "m", term="guardrail", target="rag")]
    given_only = links(build_page_data(small, findings=given, problems=True))
    assert given_only == [{"from": "guardrail", "to": "rag"}]  # given suggestions are not computed again
    runner = CliRunner()
    for options, expected in ((["--problems"], True), ([], False), (["--suggestions"], True),
                              (["--problems", "--no-suggestions"], False)):
        out = tmp_path / "page.html"
        result = runner.invoke(main, ["export", "html", "--data", str(small.source), "--no-cache",
                                      "-o", str(out), *options])
        assert result.exit_code == 0, result.output
        assert (link in links(page_data(out))) is expected, options
