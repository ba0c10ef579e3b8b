#!/usr/bin/env python
"""Write notebook_flow.ipynb from notebook_flow.py: each `# %%` section becomes one cell.

The script is the source; the notebook is its copy for Jupyter (nbformat 4 JSON, no outputs).
`python examples/build_notebook.py` rewrites it; `--check` exits 1 when it is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "notebook_flow.py"
NOTEBOOK = HERE / "notebook_flow.ipynb"
MARKER = "# %%"


def cells(script: str) -> list[tuple[str, str]]:
    """(cell type, source) per `# %%` section; the module header before the first one is not a cell."""
    found: list[tuple[str, list[str]]] = []
    for line in script.splitlines():
        if line.startswith(MARKER):
            found.append(("markdown" if "[markdown]" in line else "code", []))
        elif found:
            found[-1][1].append(line)
    out = []
    for kind, lines in found:
        if kind == "markdown":
            lines = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in lines]
        text = "\n".join(lines).strip("\n")
        if text:
            out.append((kind, text))
    return out


def notebook(script: str) -> str:
    """The notebook's JSON text for `script` (stable: same script, same bytes)."""
    nb_cells = []
    for i, (kind, text) in enumerate(cells(script)):
        lines = text.splitlines(keepends=True)
        cell = {"cell_type": kind, "id": f"cell-{i:02d}", "metadata": {}, "source": lines}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        nb_cells.append(cell)
    document = {
        "cells": nb_cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = notebook(SCRIPT.read_text())
    if "--check" in argv:
        if not NOTEBOOK.exists() or NOTEBOOK.read_text() != text:
            print(f"{NOTEBOOK} is stale: run `python examples/build_notebook.py`", file=sys.stderr)
            return 1
        return 0
    NOTEBOOK.write_text(text)
    print(f"wrote {NOTEBOOK}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
