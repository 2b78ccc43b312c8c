"""The notebook runs top to bottom without an error, and is committed without outputs."""

from __future__ import annotations

import nbformat
import pytest
from conftest import PROJECT

NOTEBOOK = PROJECT / "notebooks" / "explore.ipynb"


def test_notebook_is_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


def test_notebook_runs(tmp_path):
    nbclient = pytest.importorskip("nbclient")
    if not (PROJECT / "data" / "terms").is_dir():
        pytest.skip("the bundled glossary data/ is not there yet")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert html, "the DataFrames and the explorer render as HTML"
