"""pyproject.toml: an SPDX license, the setuptools that reads it, and the notebook's extra."""

from __future__ import annotations

import ast
import subprocess
import sys

import nbformat
import pytest
from conftest import PROJECT

from graph.config import tomllib

PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return requirement.split(";")[0].split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip()


def test_license_is_an_spdx_expression_setuptools_can_read():
    assert PYPROJECT["project"]["license"] == "MIT"
    assert "setuptools>=77" in PYPROJECT["build-system"]["requires"]  # PEP 639 support


def test_the_notebook_extra_has_every_import_of_the_notebook():
    notebook = nbformat.read(PROJECT / "notebooks" / "explore.ipynb", as_version=4)
    imported: set[str] = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Import):
                    imported.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    imported.add(node.module.split(".")[0])
    third_party = {name for name in imported if name not in sys.stdlib_module_names} - {"graph"}
    extras = PYPROJECT["project"]["optional-dependencies"]
    offered = {_name(r) for r in PYPROJECT["project"]["dependencies"] + extras["notebook"]}
    assert third_party and third_party <= offered, third_party - offered
    assert "ipykernel" in {_name(r) for r in extras["notebook"]}  # a kernel to run it in
    assert "glossgraph[notebook]" in extras["test"]  # the notebook test runs it


def test_readme_says_how_to_install_the_notebook_extra():
    assert "pip install -e '.[notebook]'" in (PROJECT / "README.md").read_text(encoding="utf-8")


def test_no_tracked_file_holds_merge_conflict_markers():
    # A merge once left <<<<<<< / ======= / >>>>>>> in the README, and no test noticed.
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    marked = []
    for name in filter(None, listed.stdout.decode().split("\0")):
        path = PROJECT / name
        if not path.is_file() or path.suffix in {".png", ".gz", ".zip"}:
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        lines = text.splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("<" * 7 + " ")]
        ends = [i for i, line in enumerate(lines) if line.startswith(">" * 7 + " ")]
        if starts and ends:
            marked.append(f"{name}:{starts[0] + 1}")
    assert marked == []
