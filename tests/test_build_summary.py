"""`glossgraph build`'s summary: the same file count as `check`, words in the singular for one."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from graph.cli import cli


def _invoke(*args: str):
    return CliRunner().invoke(cli, [*args, "--no-cache"], catch_exceptions=False)


def _glossary_with_broken_files(fixtures, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(fixtures / "small", data)
    (data / "terms" / "broken.yml").write_text("term: x\naliases: [a\n")
    (data / "terms" / "empty.yml").write_text("")
    return data


def test_build_counts_the_files_check_counts(fixtures, tmp_path):
    data = _glossary_with_broken_files(fixtures, tmp_path)
    built = _invoke("build", str(data), "--out", str(tmp_path / "out"), "--formats", "ttl")
    checked = _invoke("check", str(data))
    assert built.output.splitlines()[0] == f"Loaded 4 terms from 6 files ({data}; 2 could not be loaded)"
    assert "in 4 terms (6 files)." in checked.output
    stats = _invoke("stats", str(data)).output.splitlines()
    assert stats[1] == "Terms:         4 in 6 files (2 could not be loaded)"


def test_one_of_each_is_singular(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yml").write_text("term: a\nshort_def: A.\nrelationships: {related: [a, b]}\n")
    (data / "b.yml").write_text("term: b\nshort_def: B.\nlast_reviewed: '2000-01-01'\n"
                                "relationships: {related: [a]}\n")
    result = _invoke("build", str(data), "--out", str(tmp_path / "out"), "--formats", "ttl")
    assert result.output.splitlines()[:3] == [
        f"Loaded 2 terms from 2 files ({data})",
        "Links: 3 declared (broader 0, narrower 0, related 3); 0 unresolved",
        "Findings: 1 error, 0 warnings, 2 info  (details: glossgraph check)",
    ]
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.yml").write_text("term: a\nshort_def: A.\n")
    result = _invoke("build", str(one), "--out", str(tmp_path / "out"), "--formats", "ttl")
    assert result.output.splitlines()[0] == f"Loaded 1 term from 1 file ({one})"


def test_import_of_one_concept_says_term(tmp_path):
    vocab = tmp_path / "v.ttl"
    vocab.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                     '<http://e/a> a skos:Concept ; skos:prefLabel "a"@en ; skos:related <http://e/b> .\n'
                     '<http://e/b> a skos:Concept ; skos:prefLabel "b"@en .\n')
    result = CliRunner().invoke(cli, ["import", str(vocab), "--to", str(tmp_path / "out")])
    assert result.output.splitlines()[0] == (
        f"Wrote 2 terms (1 link, 0 unresolved) and {tmp_path}/out/glossgraph.toml to {tmp_path}/out/")
