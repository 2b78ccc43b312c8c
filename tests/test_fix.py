"""`glossgraph fix`: diffs of careful line edits, --write, idempotence, changed-file refusal."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import writable_copy

import graph
from graph.checks.fix import FileChangedError, plan_fixes
from graph.cli import cli

CHECKS = Path(__file__).parent / "fixtures" / "checks"
FIXED_CODES = {"GG102", "GG105", "GG202", "GG203", "GG304", "GG305"}


@pytest.fixture
def fix_copy(tmp_path: Path) -> Path:
    target = tmp_path / "fix"
    shutil.copytree(CHECKS / "fix", target)
    return target


def test_plan_fixes_edits_only_the_intended_lines(fix_copy):
    plan = plan_fixes(graph.load(fix_copy))
    # beta's related alpha is one-way (GG203), but alpha has broader beta: adding the inverse
    # related entry would make a second relation clash (GG205), so it is reported, not made
    assert plan.count == 7 and plan.skipped == [
        f"{os.path.relpath(fix_copy / 'beta.yml')}:5: GG203 'beta' and 'alpha' are also linked by "
        "broader (GG205): the inverse related entry would repeat the clash; keep one of the two links"]
    after = {change.path.name: change.after for change in plan.changes}
    assert after["alpha.yml"] == (
        "# Alpha: the first term.\nterm: alpha\naliases:\n- a\nshort_def: \"The first.\"\n"
        "relationships:\n  broader:\n  - beta   # an alias\n  related:\n  - 'gamma'\n"
        "last_reviewed: '2026-06-01'\n")
    assert after["beta.yml"] == (
        "term: beta\naliases: [beta-alias]\nshort_def: The second.\nrelationships:\n"
        "  narrower:\n  - alpha\n  related: [alpha]\nlast_reviewed: '2026-06-01'\n")
    assert after["gamma.yml"].splitlines()[3] == "  related: [delta wave, alpha]"
    assert after["delta-wave.yml"] == (
        "term: 'delta wave'\nshort_def: The fourth.\nlast_reviewed: '2026-06-01'\n"
        "relationships:\n  related:\n  - gamma\n")


def test_fix_prints_a_diff_and_changes_nothing(fix_copy):
    before = (fix_copy / "alpha.yml").read_bytes()
    result = CliRunner().invoke(cli, ["fix", "--data", str(fix_copy)])
    assert result.exit_code == 0
    assert "-  - beta-alias   # an alias\n+  - beta   # an alias\n" in result.output
    assert "run with --write to apply them" in result.output
    assert (fix_copy / "alpha.yml").read_bytes() == before


def test_fix_write_then_nothing_left(fix_copy):
    runner = CliRunner()
    assert runner.invoke(cli, ["fix", "--data", str(fix_copy), "--write"]).exit_code == 0
    codes = [f.code for f in graph.load(fix_copy).check()]
    assert [code for code in codes if code in FIXED_CODES] == ["GG203"]  # the clash, left alone
    again = runner.invoke(cli, ["fix", "--data", str(fix_copy)])
    assert again.exit_code == 0 and "Nothing to fix." in again.output
    assert "Not fixed:" in again.output and "also linked by broader (GG205)" in again.output


def test_fix_select(fix_copy):
    plan = plan_fixes(graph.load(fix_copy), select=["GG305"])
    assert plan.count == 1 and [c.path.name for c in plan.changes] == ["alpha.yml"]


def test_changed_file_is_not_overwritten(fix_copy):
    plan = plan_fixes(graph.load(fix_copy))
    (fix_copy / "beta.yml").write_text("term: beta\n# edited meanwhile\n")
    with pytest.raises(FileChangedError, match="changed since it was read"):
        plan.apply()
    assert (fix_copy / "beta.yml").read_text() == "term: beta\n# edited meanwhile\n"
    assert "Alpha  # repeats" in (fix_copy / "alpha.yml").read_text()


def test_flow_lists_and_list_files(tmp_path):
    (tmp_path / "terms.yml").write_text(
        "- term: a\n  aliases: [A, x]\n  relationships:\n    related: [b, b, c]\n"
        "- term: b\n  short_def: B.\n- term: c\n  relationships: {related: [a]}\n")
    plan = plan_fixes(graph.load(tmp_path / "terms.yml"))
    text = plan.changes[0].after
    assert text == ("- term: a\n  aliases: [x]\n  relationships:\n    related: [b, c]\n"
                    "- term: b\n  short_def: B.\n  relationships:\n    related:\n    - a\n"
                    "- term: c\n  relationships: {related: [a]}\n")


def test_fix_real_ai_glossary_copy(ai_glossary, tmp_path):
    data = tmp_path / "terms"
    writable_copy(ai_glossary, data)
    before = Counter((f.code, f.severity) for f in graph.load(data).check())
    result = CliRunner().invoke(cli, ["fix", "--data", str(data), "--write"])
    assert result.exit_code == 0, result.output
    findings = graph.load(data).check()
    after = Counter((f.code, f.severity) for f in findings)
    assert all(after[key] <= before[key] for key in after), (before, after)
    assert before[("GG205", "error")] == after[("GG205", "error")] == 28  # reported, not doubled
    codes = Counter(f.code for f in findings)
    assert not set(codes) & {"GG102", "GG105", "GG202"}
    clashes = {(f.file, f.line) for f in findings if f.code == "GG205"}
    assert codes["GG203"] == 28 and all((f.file, f.line) in clashes
                                        for f in findings if f.code == "GG203")
    assert codes["GG101"] == 56
    originals = {p.name: p.read_text().splitlines() for p in ai_glossary.glob("*.yml")}
    for path in data.glob("*.yml"):
        old, new = originals[path.name], path.read_text().splitlines()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            assert all(line.lstrip().startswith("- ") for line in old[i1:i2]), (path.name, old[i1:i2])
            assert all(line.strip().startswith(("- ", "narrower:", "related:", "broader:"))
                       for line in new[j1:j2]), (path.name, new[j1:j2])
    assert "Nothing to fix." in CliRunner().invoke(cli, ["fix", "--data", str(data)]).output


def test_git_diff_shows_only_list_items(ai_glossary, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    data = tmp_path / "terms"
    writable_copy(ai_glossary, data)
    git = ["git", "-C", str(data), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    plan_fixes(graph.load(data)).apply()
    diff = subprocess.run([*git, "diff", "-U0"], check=True, capture_output=True, text=True).stdout
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed and all(line[1:].lstrip().startswith(("- ", "narrower:", "broader:", "related:"))
                           for line in changed)


def test_the_fix_command_counts_in_words(tmp_path):
    (tmp_path / "a.yml").write_text("term: a\nrelationships:\n  related: [b]\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("term: b\n", encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(cli, ["fix", "--data", str(tmp_path), "--no-cache"])
    assert shown.exit_code == 0 and "1 fix in 1 file; run with --write to apply them." in shown.output
    written = runner.invoke(cli, ["fix", "--data", str(tmp_path), "--no-cache", "--write"])
    assert written.exit_code == 0 and "Fixed 1 problem in 1 file." in written.output
    assert "related:\n  - a" in (tmp_path / "b.yml").read_text(encoding="utf-8")
