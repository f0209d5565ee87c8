"""notebooks/explore.ipynb runs top to bottom and computes what it says."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "explore.ipynb"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


def output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text") or output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_stored_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in code_cells(nb))
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def test_every_cell_ran(executed):
    for cell in code_cells(executed):
        assert not any(o.get("output_type") == "error" for o in cell.get("outputs", []))


def test_computed_values(executed):
    cells = code_cells(executed)
    assert output_text(cells[0]).strip() == "(32, 32, 18)"
    answers = output_text(next(c for c in cells if "kb.ask(question)" in c.source))
    assert "who leads Bramble? -> Yusuf Demir" in answers
    communities = output_text(next(c for c in cells if "louvain" in c.source))
    assert "Ingrid Solberg" in communities and "Thicket" in communities
    draft = output_text(cells[-1])
    assert draft.startswith("# 2024 in review")
    plots = [c for c in cells if any("image/png" in o.get("data", {}) for o in c.get("outputs", []))]
    assert len(plots) == 2
