"""Same glossary, same bytes: exports do not depend on PYTHONHASHSEED or the working directory.

Each export runs in its own process (a hash seed is fixed per process, so comparing two
exports inside one process could not catch a set written in hash order).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FORMATS = ["ttl", "nt", "jsonld", "xml", "json", "graphml", "gexf", "html"]


def _export(fmt: str, data: Path, out: Path, cwd: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    code = ("import sys; from graph.cli import cli; "
            "sys.exit(cli.main(sys.argv[1:], prog_name='glossgraph'))")
    subprocess.run([sys.executable, "-c", code, "export", fmt, "--data", str(data), "--no-cache",
                    "-o", str(out)], cwd=cwd, env=env, check=True, capture_output=True)
    return out.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_byte_identical_across_seeds_and_directories(fixtures, tmp_path, fmt):
    data = tmp_path / "glossary"
    shutil.copytree(fixtures / "determinism", data)
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    runs = [_export(fmt, data, tmp_path / f"a.{fmt}", tmp_path, "1"),
            _export(fmt, data, tmp_path / f"b.{fmt}", tmp_path, "2")]
    if fmt != "html":  # the explorer shows files as the command's user sees them (cwd-relative)
        runs += [_export(fmt, data, tmp_path / f"c.{fmt}", data, "3"),
                 _export(fmt, Path(os.path.relpath(data, elsewhere)), tmp_path / f"d.{fmt}",
                         elsewhere, "4")]
    assert all(run == runs[0] for run in runs)
    if fmt == "ttl":
        text = runs[0].decode()
        assert 'gg:sourceFile "alpha.yml"' in text
        assert str(tmp_path) not in text
