"""`glossgraph suggest`: exact suggestions of each rule on a small glossary, and what must not be."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph
from graph.cli import cli
from graph.suggest import suggest

SMALL = Path(__file__).parent / "fixtures" / "suggest" / "small"


@pytest.fixture(scope="module")
def small():
    return graph.load(SMALL)


def pairs(glossary, code, **options):
    return [(s.term, s.target, s.relation) for s in suggest(glossary, select=[code], **options)]


def test_gg501_unlinked_mention(small):
    assert pairs(small, "GG501") == [
        ("ai incident response", "incident postmortem", "related"),
        ("guardrail", "jailbreak prompt", "related"),
        ("incident postmortem", "ai incident response", "related"),
        ("jailbreak prompt", "guardrail", "related"),
    ]


def test_gg501_not_suggested(small):
    found = pairs(small, "GG501", min_score=0.0, top=20)
    # already linked; a parent; a grandparent; inside a longer label; inside a word
    for term, target in [("red teaming", "guardrail"), ("model rollback", "ai incident response"),
                         ("rollback drill", "ai incident response"),
                         ("incident postmortem", "incident response"), ("guardrail", "rag")]:
        assert (term, target, "related") not in found


def test_gg501_evidence_quotes_the_sentence(small):
    first = [s for s in suggest(small, select=["GG501"]) if s.term == "jailbreak prompt"][0]
    assert first.evidence == ("short_def of 'jailbreak prompt' mentions 'guardrail': "
                              "\"A prompt crafted to get around Guardrails.\"")
    assert (Path(first.file).name, first.line, first.column) == ("jailbreak-prompt.yml", 1, 1)


def test_gg502_label_inclusion_most_specific_head(small):
    assert pairs(small, "GG502", min_score=0.0) == [
        ("ai incident response", "incident response", "broader"),
        ("incident response", "response", "broader"),
    ]  # not 'response' for 'ai incident response', nor for 'responsibility'


def test_gg503_similar_definitions_best_pairs(small):
    found = pairs(small, "GG503", min_score=0.8)
    assert found == [
        ("ai incident response", "incident response", "related"),
        ("hallucination", "hallucinations", "related"),
        ("hallucinations", "hallucination", "related"),
        ("incident response", "ai incident response", "related"),
        ("prompt library", "prompt registry", "related"),
        ("prompt registry", "prompt library", "related"),
    ]


def test_gg504_shared_neighbours(small):
    assert pairs(small, "GG504") == [
        ("datasheet", "transparency report", "related"),
        ("model card", "system card", "related"),
        ("system card", "model card", "related"),
        ("transparency report", "datasheet", "related"),
    ]


def test_gg504_is_networkx_resource_allocation(small):
    import networkx as nx

    from graph.suggest.context import SuggestContext
    from graph.suggest.neighbours import resource_allocation

    ctx = SuggestContext(small)
    graph_ = nx.Graph()
    graph_.add_nodes_from(range(ctx.n))
    graph_.add_edges_from(zip(*ctx.links.nonzero()))
    expected = {(u, v): p for u, v, p in nx.resource_allocation_index(graph_) if p > 0}
    ours = resource_allocation(ctx).todok()
    assert {(u, v): pytest.approx(p) for (u, v), p in ours.items() if u < v} == expected


def test_gg505_near_duplicates_not_longer_labels(small):
    assert pairs(small, "GG505") == [
        ("hallucination", "hallucinations", "alias"),
        ("hallucinations", "hallucination", "alias"),
    ]


def test_combined_ranking_sorted_and_bounded(small):
    found = suggest(small, top=2, min_score=0.3)
    keys = [(s.term.casefold(), -s.score) for s in found]
    assert keys == sorted(keys)
    assert all(0.3 <= s.score <= 1 for s in found)
    assert max(sum(1 for s in found if s.term == t) for t in {s.term for s in found}) == 2


def test_cli_json_shape(small):
    result = CliRunner().invoke(cli, ["suggest", "--data", str(SMALL), "--no-cache", "--format",
                                      "json", "--select", "GG502"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["summary", "suggestions"]
    assert data["summary"]["suggestions"] == 2
    assert list(data["suggestions"][0]) == ["code", "kind", "term", "target", "relation", "score",
                                            "evidence", "file", "line", "column"]


def test_cli_json_is_utf8_with_control_characters_escaped(tmp_path):
    """--format json is UTF-8 whatever the locale says, and a terminal control sequence in a
    definition reaches the output escaped (JSON's \\u001b), never raw."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "terms"
    folder.mkdir()
    (folder / "cafe.yml").write_text("term: café crème\nshort_def: A drink.\n", encoding="utf-8")
    (folder / "order.yml").write_text('term: order\nshort_def: "Asks for a café crème \\e[31mnow."\n',
                                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", "suggest",
                           str(folder), "--no-cache", "--format", "json"], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout
    found = json.loads(done.stdout.decode("utf-8"))["suggestions"]
    mention = [s for s in found if (s["term"], s["target"]) == ("order", "café crème")]
    assert "\x1b[31mnow" in mention[0]["evidence"]


def test_cli_text_sarif_github():
    runner = CliRunner()
    base = ["suggest", "--data", str(SMALL), "--no-cache", "--select", "GG505"]
    text = runner.invoke(cli, base)
    assert text.exit_code == 0
    assert "GG505 'hallucination' and 'hallucinations' may be the same term" in text.output
    sarif = json.loads(runner.invoke(cli, [*base, "--format", "sarif"]).output)
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"GG505"}
    github = runner.invoke(cli, [*base, "--format", "github"]).output
    assert github.startswith("::notice file=")


def test_cli_unknown_rule_is_a_clear_error():
    result = CliRunner().invoke(cli, ["suggest", "--data", str(SMALL), "--select", "GG599"])
    assert result.exit_code == 2
    assert "unknown rule 'GG599'" in result.output


def test_check_runs_suggestions_only_when_selected(small):
    assert not [f for f in small.check() if f.code.startswith("GG5")]
    found = small.check(select=["GG502"])
    assert [(f.code, f.severity, f.term, f.target) for f in found] == [
        ("GG502", "suggestion", "ai incident response", "incident response"),
        ("GG502", "suggestion", "incident response", "response")]


def test_rules_documents_gg501():
    result = CliRunner().invoke(cli, ["rules", "GG501"])
    assert result.output.startswith("GG501 unlinked-mention (suggestion")
    assert "Why it matters:" in result.output and "Fix:" in result.output


def test_write_adds_the_links_and_accept_takes_a_subset(tmp_path):
    data = tmp_path / "terms"
    shutil.copytree(SMALL, data)
    runner = CliRunner()
    out = runner.invoke(cli, ["suggest", "--data", str(data), "--no-cache", "--select", "GG502",
                              "--format", "json"]).output
    listed = json.loads(out)
    listed["suggestions"] = listed["suggestions"][:1]  # the reviewer keeps one
    accepted = tmp_path / "accepted.json"
    accepted.write_text(json.dumps(listed))
    result = runner.invoke(cli, ["suggest", "--data", str(data), "--no-cache", "--accept",
                                 str(accepted)])
    assert result.exit_code == 0, result.output
    assert "+broader:" in result.output or "+  broader:" in result.output
    assert "broader:\n  - incident response\n" in (data / "ai-incident-response.yml").read_text()
    assert "narrower:\n  - ai incident response\n" in (data / "incident-response.yml").read_text()
    assert "broader" not in (data / "incident-response.yml").read_text()
    after = graph.load(data)
    assert pairs(after, "GG502") == [("incident response", "response", "broader")]
    result = runner.invoke(cli, ["suggest", "--data", str(data), "--no-cache", "--select", "GG502",
                                 "--write"])
    assert "broader:\n  - response\n" in (data / "incident-response.yml").read_text()
    assert pairs(graph.load(data), "GG502") == []


def test_write_never_merges(tmp_path):
    data = tmp_path / "terms"
    shutil.copytree(SMALL, data)
    result = CliRunner().invoke(cli, ["suggest", "--data", str(data), "--no-cache", "--select",
                                      "GG505", "--write"])
    assert "merging terms is not written automatically" in result.output
    assert (data / "hallucination.yml").read_text() == (SMALL / "hallucination.yml").read_text()


def test_show_lists_the_terms_suggestions():
    runner = CliRunner()
    base = ["show", "jailbreak prompt", "--data", str(SMALL), "--no-cache"]
    assert "Suggestions" not in runner.invoke(cli, base).output
    result = runner.invoke(cli, [*base, "--suggestions"])
    assert result.exit_code == 0, result.output
    assert "Suggestions\n  related: guardrail (GG501, score 0.83): short_def of 'jailbreak" in result.output
    data = json.loads(runner.invoke(cli, [*base, "--suggestions", "--format", "json"]).output)
    assert [s["target"] for s in data["suggestions"]][0] == "guardrail"
    assert {s["term"] for s in data["suggestions"]} == {"jailbreak prompt"}


def test_same_suggestions_in_another_process(tmp_path):
    """Determinism across processes: another hash seed and working directory, same JSON."""
    import os
    import subprocess
    import sys

    def run(seed: str, cwd: Path) -> str:
        code = "from graph.cli import main; main()"
        done = subprocess.run([sys.executable, "-c", code, "suggest", str(SMALL.resolve()),
                               "--no-cache", "--format", "json", "--min-score", "0"],
                              capture_output=True, text=True, cwd=cwd,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        return done.stdout

    def without_paths(text: str) -> list:
        found = json.loads(text)["suggestions"]
        return [{**item, "file": Path(item["file"]).name} for item in found]

    first = run("1", Path.cwd())
    assert first == run("2", Path.cwd())
    assert without_paths(first) == without_paths(run("3", tmp_path))


@pytest.mark.parametrize("targets, cells", [(128, 1 << 22), (3, 1)])
def test_ranking_context_features_match_their_definitions(small, monkeypatch, targets, cells):
    """(3, 1): blocks of three terms b, each halved down to one row (a large vocabulary)."""
    import numpy as np

    from graph.suggest import _finders, ranking
    from graph.suggest.context import SuggestContext
    from graph.suggest.ranking import features
    from graph.suggest.similar import tfidf_matrix

    monkeypatch.setattr(ranking, "_TARGETS", targets)
    monkeypatch.setattr(ranking, "_MAX_CELLS", cells)
    ctx = SuggestContext(small)
    found = [finder(ctx) for finder in _finders().values()]
    rows, cols = np.array([0, 3, 5, 8, 1, 12, 17, 2]), np.array([4, 1, 8, 17, 8, 0, 9, 16])
    got = dict(features(ctx, found, rows, cols))
    vectors = tfidf_matrix(ctx)[0].toarray().astype(float)
    links = ctx.links.toarray()
    cosine = vectors @ vectors.T
    categories = [set(ctx.term(i).categories) for i in range(ctx.n)]
    for x, (a, b) in enumerate(zip(rows, cols)):
        wording = (cosine[a] @ links[b] + cosine[b] @ links[a]) / 2  # a's words vs b's neighbours'
        assert got["neighbour wording"][x] == pytest.approx(wording)
        union = categories[a] | categories[b]
        shared = len(categories[a] & categories[b]) / len(union) if union else 0.0
        assert got["shared categories"][x] == pytest.approx(shared)
        assert got["target links"][x] == pytest.approx(np.log1p(links[b].sum()))
    assert any(got["neighbour wording"]) and any(got["shared categories"])



def test_closest_wording_is_the_mean_reciprocal_rank_in_each_others_gg503_list(small):
    import numpy as np

    from graph.suggest import _finders
    from graph.suggest.context import SuggestContext
    from graph.suggest.ranking import features
    from graph.suggest.similar import TOP_K, tfidf_matrix

    ctx = SuggestContext(small)
    found = [finder(ctx) for finder in _finders().values()]
    rows, cols = np.array([3, 8, 0, 5, 1, 7]), np.array([4, 17, 4, 0, 8, 2])
    got = dict(features(ctx, found, rows, cols))["closest wording"]
    # hallucination/hallucinations: each other's best; model card/system card: 1st and 2nd
    assert got[:2].tolist() == [1.0, 0.75]
    vectors = tfidf_matrix(ctx)[0].toarray().astype(float)
    cosine = vectors @ vectors.T
    cosine[ctx.excluded.toarray() > 0] = 0.0
    np.fill_diagonal(cosine, 0.0)

    def reciprocal_rank(a, b):  # b's place in a's list of its TOP_K best, ties: lower index
        best = [j for j in sorted(range(ctx.n), key=lambda j: (-cosine[a, j], j))[:TOP_K]
                if cosine[a, j] > 0]
        return 1 / (best.index(b) + 1) if b in best else 0.0

    expected = [(reciprocal_rank(a, b) + reciprocal_rank(b, a)) / 2 for a, b in zip(rows, cols)]
    assert got.tolist() == pytest.approx(expected)
    assert 0 < got[2] < 0.5 and got[4] == 0.0  # a distant pair: low; a pair GG503 misses: 0

def test_gg501_never_reads_a_name_across_a_sentence_end(tmp_path):
    """"... an audit cohort. Attention weights ..." mentions 'attention weight', not 'cohort attention'
    (read across the full stop, the longer wrong name also hid the right one)."""
    folder = tmp_path / "terms"
    folder.mkdir()
    for label, definition in [("cohort attention", "Attention paid to one group of users."),
                              ("attention weight", "A number that scales one input."),
                              ("gpt 3.5", "A language model."),
                              ("reviewer", "Reads an audit cohort. Attention weights are checked; "
                                           "so is gpt 3.5 output.")]:
        (folder / f"{label.replace(' ', '-')}.yml").write_text(
            f"term: {label}\nshort_def: {definition}\n", encoding="utf-8")
    found = [(s.target, s.relation) for s in suggest(graph.load(folder), select=["GG501"], min_score=0.0)
             if s.term == "reviewer"]
    assert ("attention weight", "related") in found
    assert ("gpt 3.5", "related") in found  # a point inside a name cuts nothing
    assert ("cohort attention", "related") not in found


def test_markdown_link_targets_are_no_words(tmp_path):
    """glosario writes "[path](#path)": the anchor names no term and adds no word, and a mention
    after a link is still quoted from the sentence as written."""
    folder = tmp_path / "terms"
    folder.mkdir()
    for label, definition in [("zebra", "A striped animal of the savanna."),
                              ("forest", "Many trees together."),
                              ("map", "See the [index](#zebra) of a [trail](https://x.org/zebra) "
                                      "through the forest.")]:
        (folder / f"{label}.yml").write_text(f"term: {label}\nshort_def: \"{definition}\"\n",
                                             encoding="utf-8")
    found = suggest(graph.load(folder), min_score=0.0, top=10)
    assert not [s for s in found if {s.term, s.target} == {"map", "zebra"}]
    forest = [s for s in found if (s.term, s.target, s.code) == ("map", "forest", "GG501")]
    assert forest and forest[0].evidence.startswith(
        "short_def of 'map' mentions 'forest': \"See the [index](#zebra) of a "
        "[trail](https://x.org/zebra) through the forest.\"")
