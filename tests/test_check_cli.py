"""`glossgraph check` and `glossgraph rules` through CliRunner: formats, exit codes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from graph.cli import cli

CHECKS = Path(__file__).parent / "fixtures" / "checks"
SARIF_SCHEMA = CHECKS / "sarif-schema-2.1.0.json"


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_check_text_lists_problems_and_exits_1():
    result = run("check", "--data", str(CHECKS / "references/bad"), "--select", "GG1")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith("alpha.yml:8:5: GG101 'alpha' is related to 'delt', which is not a term "
                             "(did you mean 'delta'?)")
    assert "\x1b[" not in result.output
    assert "Found 5 problems (3 errors, 2 warnings, 0 info) in 4 terms (4 files)." in result.output
    assert "2 fixable with `glossgraph fix --write`." in result.output


def test_check_clean_exits_0():
    result = run("check", "--data", str(CHECKS / "references/good"), "--select", "GG1")
    assert result.exit_code == 0
    assert result.output == "All checks passed in 2 terms (2 files).\n"


def test_fail_on_and_statistics():
    data = str(CHECKS / "structure/good")
    assert run("check", "--data", data, "--select", "GG203", "--fail-on", "warning").exit_code == 0
    result = run("check", "--data", str(CHECKS / "structure/bad"), "--select", "GG202,GG203",
                 "--fail-on", "warning", "--statistics")
    assert result.exit_code == 1
    assert "     3  GG202  [*] missing-inverse-hierarchy" in result.output
    assert "     1  GG203  [*] one-way-related" in result.output
    assert run("check", "--data", str(CHECKS / "structure/bad"), "--select", "GG202").exit_code == 0


def test_json_shape():
    result = run("check", "--data", str(CHECKS / "references/bad"), "--format", "json",
                 "--ignore", "GG2,GG3")
    data = json.loads(result.output)
    assert list(data) == ["summary", "findings"]
    assert data["summary"] == {"terms": 4, "files": 4, "error": 3, "warning": 2, "info": 0}
    first = data["findings"][0]
    assert list(first) == ["code", "rule", "severity", "message", "file", "line", "column", "term",
                           "target", "relation", "suggestion"]
    assert (first["code"], first["term"], first["target"], first["line"]) == ("GG101", "alpha", "delt", 8)


def test_sarif_is_valid_sarif_2_1_0():
    result = run("check", "--data", str(CHECKS / "structure/bad"), "--format", "sarif")
    log = json.loads(result.output)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_sarif_of_real_data_is_valid(ai_glossary):
    log = json.loads(run("check", "--data", str(ai_glossary), "--no-cache", "--format", "sarif").output)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    assert len(log["runs"][0]["results"]) > 0


def test_github_annotations():
    result = run("check", "--data", str(CHECKS / "references/bad"), "--format", "github",
                 "--select", "GG101,GG104")
    lines = result.output.splitlines()
    assert lines[0].startswith("::error file=")
    assert lines[0].endswith("alpha.yml,line=8,col=5,title=GG101 broken-reference::'alpha' is "
                             "related to 'delt', which is not a term (did you mean 'delta'?)")
    assert len(lines) == 2 and result.exit_code == 1


def test_usage_errors_exit_2():
    result = run("check", "--data", str(CHECKS / "references/bad"), "--select", "GG999")
    assert result.exit_code == 2
    assert "Error: select: unknown rule 'GG999'" in result.output
    assert run("check", "--data", str(CHECKS / "missing-folder")).exit_code == 2
    assert run("check", "--data", str(CHECKS / "references/bad"), "--format", "xml").exit_code == 2


def test_schema_option():
    result = run("check", "--data", str(CHECKS / "content/bad"), "--select", "GG401",
                 "--schema", str(CHECKS / "content/schema.json"))
    assert result.exit_code == 1
    assert "gamma.yml:3:1: GG401 'gamma': Additional properties are not allowed" in result.output


def test_rules_table_and_doc():
    result = run("rules")
    assert result.exit_code == 0
    assert "GG204  hierarchy-cycle             error" in result.output
    assert "GG102  alias-reference             warning  [*]" in result.output
    doc = run("rules", "GG204").output
    assert doc.startswith("GG204 hierarchy-cycle (error, not fixable automatically)")
    for head in ("What it does:", "Why it matters:", "Example:", "Fix:"):
        assert head in doc
    assert run("rules", "broken-reference").output.startswith("GG101 broken-reference")
    missing = run("rules", "GG999")
    assert missing.exit_code == 2 and "no rule 'GG999'" in missing.output


def test_rules_markdown_is_the_docs_page():
    docs = Path(__file__).parent.parent / "docs" / "checks.md"
    assert run("rules", "--format", "markdown").output == docs.read_text(encoding="utf-8"), (
        "regenerate: glossgraph rules --format markdown > docs/checks.md")


@pytest.mark.parametrize("command", ["check", "rules", "fix"])
def test_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and len(result.output) > 100


def test_real_data_exits_1_with_file_and_line(ai_glossary):
    result = run("check", "--data", str(ai_glossary), "--no-cache")
    assert result.exit_code == 1
    assert "agentic-ai.yml:51:5: GG101 'agentic ai' is related to 'incident response'" in result.output


def test_color_only_on_a_terminal(monkeypatch):
    from graph.commands import check as check_module

    monkeypatch.setattr(check_module, "_use_color", lambda: True)
    result = CliRunner().invoke(cli, ["check", "--data", str(CHECKS / "references/bad"),
                                      "--select", "GG101"], color=True)
    assert "\x1b[" in result.output
    monkeypatch.undo()
    monkeypatch.setenv("NO_COLOR", "1")
    assert check_module._use_color() is False


def test_pre_commit_hooks_file():
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "glossgraph-check" and hooks[0]["entry"] == "glossgraph check"


def _fixable_claim(output: str) -> int:
    return int(output.rsplit("\n", 2)[-2].split()[0]) if "fixable with" in output else 0


def test_the_fixable_count_is_what_fix_repairs(tmp_path: Path):
    # beta related alpha one way (GG203, fixable); gamma related alpha one way while alpha has
    # broader gamma (GG203 + GG205 clash): fix leaves that pair to a person, so 1 fixable, not 2
    (tmp_path / "alpha.yml").write_text("term: alpha\nrelationships:\n  broader: [gamma]\n")
    (tmp_path / "beta.yml").write_text("term: beta\nrelationships:\n  related: [alpha]\n")
    (tmp_path / "gamma.yml").write_text("term: gamma\nrelationships:\n  narrower: [alpha]\n"
                                        "  related: [alpha]\n")
    checked = run("check", str(tmp_path), "--no-cache", "--select", "GG2")
    assert "GG205" in checked.output and checked.output.count("GG203") == 2
    fixed = run("fix", str(tmp_path))
    assert "1 fix in 1 file" in fixed.output, fixed.output
    assert _fixable_claim(checked.output) == 1, checked.output


@pytest.mark.realdata
def test_the_fixable_count_on_the_real_glossary_is_what_fix_repairs(ai_glossary: Path):
    checked = run("check", str(ai_glossary), "--no-cache")
    fixed = run("fix", str(ai_glossary), "--no-cache")
    planned = int(fixed.output.split(" fixes in ")[0].rsplit("\n", 1)[-1])
    assert _fixable_claim(checked.output) == planned > 0
