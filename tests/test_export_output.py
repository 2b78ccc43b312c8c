"""`glossgraph export FORMAT -o PATH`: stdout, folders, missing and blocked parents."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.cli import cli


@pytest.fixture
def export(fixtures, tmp_path, monkeypatch):
    data = str(fixtures / "small")
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["export", *args, "--data", data, "--no-cache"],
                                  catch_exceptions=False)

    return invoke


def test_dash_is_stdout(export, tmp_path):
    result = export("ttl", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("@prefix ") and result.stdout.endswith(".\n")
    assert "Wrote" not in result.output
    assert list(tmp_path.iterdir()) == []  # no file named "-", no exports/ folder


def test_stdout_gives_the_bytes_of_the_file(export, tmp_path):
    export("gexf", "-o", "out.gexf")
    assert export("gexf", "-o", "-").stdout_bytes == (tmp_path / "out.gexf").read_bytes()


def test_csv_cannot_go_to_stdout(export):
    result = export("csv", "-o", "-")
    assert result.exit_code == 2
    assert result.output.endswith("Error: csv writes two files; -o - (stdout) needs a one-file format\n")


def test_an_existing_folder_gets_the_default_name(export, tmp_path):
    (tmp_path / "out").mkdir()
    result = export("ttl", "-o", "out")
    assert (result.exit_code, result.output) == (0, "Wrote out/small.ttl\n")
    assert (tmp_path / "out" / "small.ttl").read_text().startswith("@prefix ")


def test_a_parent_that_is_a_file_is_a_clear_error(export, tmp_path):
    (tmp_path / "file").write_text("keep me")
    result = export("gexf", "-o", "file/x.gexf")
    assert (result.exit_code, result.output) == (
        2, "Error: cannot write file/x.gexf: file is a file, not a folder\n")
    assert (tmp_path / "file").read_text() == "keep me"


def test_missing_parents_are_an_error_unless_asked_for(export, tmp_path):
    result = export("ttl", "-o", "new/dir/x.ttl")
    assert (result.exit_code, result.output) == (
        2, "Error: cannot write new/dir/x.ttl: the folder new/dir does not exist\n"
           "Hint: create it first, or pass --parents\n")
    assert not (tmp_path / "new").exists()
    result = export("ttl", "-o", "new/dir/x.ttl", "--parents")
    assert (result.exit_code, result.output) == (0, "Wrote new/dir/x.ttl\n")


def test_a_trailing_slash_names_a_folder(export, tmp_path):
    result = export("html", "-o", "site/")
    assert result.output == ("Error: cannot write site/small.html: the folder site does not exist\n"
                             "Hint: create it first, or pass --parents\n")
    assert export("html", "-o", "site/", "--parents").output == "Wrote site/small.html\n"


def test_csv_into_a_folder_needs_the_folder(export, tmp_path):
    assert export("csv", "-o", "tables").exit_code == 2
    (tmp_path / "tables").mkdir()
    assert export("csv", "-o", "tables").output == "Wrote tables/terms.csv\nWrote tables/links.csv\n"


def test_jsonld_ends_with_a_newline(export, tmp_path):
    assert export("jsonld", "-o", "-").stdout.endswith("]\n")
