"""The notebook's cells run the way Jupyter runs them: one namespace, no `__file__`, the working
directory at the notebook, the kernel's own arguments in sys.argv and an event loop already running."""

from __future__ import annotations

import json
import sys

import pytest

from backend.assets import demo
from backend.identity.roles import Role
from tests.support.processes import ROOT

EXTRA = """
query Versions {
  models(search: "from-the-notebook") { edges { node { name versions { version status } } } }
}"""


@pytest.mark.timeout(600)
async def test_the_notebook_cells_reach_pending_approval_inside_a_running_event_loop(
    tenant, sessionmaker, worker, tmp_path, monkeypatch
) -> None:
    assert await demo.seed(sessionmaker, tenant.id, days=2, tags=4)
    scientist = tenant.users[Role.DATA_SCIENTIST]
    for name, value in {
        "SLIPWAY_URL": tenant.base_url,
        "SLIPWAY_EMAIL": scientist.email,
        "SLIPWAY_PASSWORD": scientist.password,
        "SLIPWAY_DAYS": "2",
        "SLIPWAY_MODEL_NAME": "from-the-notebook",
        "SLIPWAY_WORKDIR": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["ipykernel_launcher.py", "-f", str(tmp_path / "kernel.json")])
    monkeypatch.chdir(ROOT / "examples")
    namespace: dict = {"__name__": "__main__"}
    for cell in json.loads((ROOT / "examples" / "notebook_flow.ipynb").read_text())["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), cell["id"], "exec"), namespace)

    assert namespace["request"]["version"]["status"] == "PENDING_APPROVAL"
    state = (await tenant.client(Role.VIEWER).execute(EXTRA)).ok()
    assert [e["node"] for e in state["models"]["edges"]] == [
        {"name": "from-the-notebook", "versions": [{"version": 1, "status": "PENDING_APPROVAL"}]}
    ]
