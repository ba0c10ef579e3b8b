"""The notebook flow run as a data scientist runs it: a separate process against the running API and
worker, with demo data in a fresh tenant; the server's state is checked through GraphQL afterwards."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from backend.assets import demo
from backend.identity.roles import Role
from tests.support.processes import ROOT

SCRIPT = ROOT / "examples" / "notebook_flow.py"
STATE = """
query State {
  models(search: "p-101-bearing-failure", first: 1) {
    edges { node { name versions(first: 5) { id version status metadata card { trainingData metrics }
      lineage { nodes { id kind } edges { source target } } } } }
  }
  myExports(allUsers: true) { edges { node { id status rowCount asset { name } } } }
  approvalRequests(status: PENDING) { edges { node { status version { id } submittedBy { email } } } }
}"""


def run_flow(tenant, tmp_path, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    scientist = tenant.users[Role.DATA_SCIENTIST]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SLIPWAY_URL": tenant.base_url,
        "SLIPWAY_EMAIL": scientist.email,
        "SLIPWAY_PASSWORD": password or scientist.password,
    }
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--workdir", str(tmp_path), "--timeout", "240", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=480,
    )


@pytest.mark.timeout(600)
async def test_the_script_takes_demo_history_to_a_version_pending_approval(
    tenant, sessionmaker, worker, tmp_path
) -> None:
    assert await demo.seed(sessionmaker, tenant.id, days=2, tags=4)
    flow = run_flow(tenant, tmp_path, "--days", "2")
    assert flow.returncode == 0, f"stdout:\n{flow.stdout}\nstderr:\n{flow.stderr}"
    assert "export SUCCEEDED" in flow.stdout
    assert "VALIDATED" in flow.stdout

    state = (await tenant.client(Role.ADMIN).execute(STATE)).ok()
    [model] = [e["node"] for e in state["models"]["edges"]]
    [version] = model["versions"]
    assert version["status"] == "PENDING_APPROVAL"
    [export] = [e["node"] for e in state["myExports"]["edges"]]
    assert export["status"] == "SUCCEEDED" and export["asset"]["name"] == "P-101" and export["rowCount"] > 0
    assert version["metadata"]["export"] == export["id"]
    assert export["id"] in version["card"]["trainingData"]
    # Lineage: the upload named the export, so the version's graph leads from it.
    assert {"source": export["id"], "target": version["id"]} in version["lineage"]["edges"]
    assert set(version["card"]["metrics"]) >= {"precision", "recall", "f1", "roc_auc"}
    [request] = [e["node"] for e in state["approvalRequests"]["edges"]]
    assert request["version"]["id"] == version["id"]
    assert request["submittedBy"]["email"] == tenant.users[Role.DATA_SCIENTIST].email


def test_a_wrong_password_ends_the_script_with_the_reason(tenant, tmp_path) -> None:
    flow = run_flow(tenant, tmp_path, password="not-the-password")
    assert flow.returncode != 0
    assert "sign-in failed (401)" in flow.stderr
