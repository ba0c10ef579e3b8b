"""The notebook is the script cut into cells, and the flow's operations fit the exported schema."""

from __future__ import annotations

import importlib.util
import json

from graphql import build_schema, parse, validate

from tests.support.processes import ROOT

EXAMPLES = ROOT / "examples"


def _builder():
    spec = importlib.util.spec_from_file_location("build_notebook", EXAMPLES / "build_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_notebook_is_the_script_cut_into_cells() -> None:
    script = (EXAMPLES / "notebook_flow.py").read_text()
    committed = (EXAMPLES / "notebook_flow.ipynb").read_text()
    assert committed == _builder().notebook(script), (
        "examples/notebook_flow.ipynb is stale: run `.venv/bin/python examples/build_notebook.py` and commit it"
    )


def test_the_notebook_is_nbformat_4_with_every_step_of_the_script() -> None:
    notebook = json.loads((EXAMPLES / "notebook_flow.ipynb").read_text())
    assert (notebook["nbformat"], notebook["nbformat_minor"]) == (4, 5)
    assert notebook["metadata"]["kernelspec"]["language"] == "python"
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    ids = [c["id"] for c in notebook["cells"]]
    assert len(ids) == len(set(ids))
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None
        compile("".join(cell["source"]), cell["id"], "exec")
    joined = "\n".join("".join(c["source"]) for c in code)
    # Every operation the flow needs is called from some cell, in the script's order.
    steps = [
        "/auth/token",
        "NotebookAsset",
        "NotebookExportHistory",
        "NotebookExportUpdated",
        "pd.read_csv",
        "NotebookEvents",
        ".fit(",
        "to_onnx(classifier",
        "NotebookUploadModelVersion",
        "NotebookModelVersionUpdated",
        "NotebookUpdateModelCard",
        "NotebookSubmitForApproval",
    ]
    positions = [joined.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), dict(zip(steps, positions, strict=True))


def test_the_flow_operations_are_valid_against_the_exported_schema() -> None:
    schema = build_schema((ROOT / "graphql" / "schema.graphql").read_text())
    document = parse((ROOT / "graphql" / "operations" / "notebook" / "flow.graphql").read_text())
    assert not validate(schema, document)
    names = [
        d.name.value
        for path in sorted((ROOT / "graphql" / "operations").rglob("*.graphql"))
        for d in parse(path.read_text()).definitions
        if getattr(d, "name", None)
    ]
    assert len(names) == len(set(names)), "operation names must be unique across graphql/operations"
