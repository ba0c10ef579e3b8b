"""The notebook flow when validation fails: the script prints the report and exits non-zero.

A version fails for real here: a worker of its own validates with a sandbox time limit no session
can meet, on a validation queue that only it and an API of its own use (other tests' jobs are
untouched)."""

from __future__ import annotations

import secrets
import subprocess
import sys

import pytest

from backend.assets import demo
from backend.identity.roles import Role
from tests.examples.test_notebook_flow import run_flow
from tests.support.processes import ROOT, start_api, stop_process
from tests.support.tenants import make_tenant

# Pages sized to what the test looks at (two models show a second one; one request shows any), so the
# query stays within the API's cost limit: unpaged, versions × report are costed as 100 × 100 per model.
STATE = """
query State {
  models(first: 2) { edges { node { name versions { status report { name status } } } } }
  approvalRequests(status: PENDING, first: 1) { edges { node { id } } }
}"""


@pytest.mark.timeout(600)
async def test_a_version_that_fails_validation_ends_the_script_with_its_report(
    servers, sessionmaker, issuer, worker, tmp_path
) -> None:
    queue = f"notebook-failing-{secrets.token_hex(3)}"
    env = {**servers.env, "SLIPWAY_VALIDATION_QUEUE": queue, "SLIPWAY_VALIDATION_TIMEOUT_SECONDS": "0.001"}
    strict = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dramatiq",
            "tasks.worker",
            "--processes",
            "1",
            "--threads",
            "1",
            "--queues",
            queue,
            "--skip-logging",
        ],
        env=env,
        cwd=ROOT,
        stdout=(tmp_path / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    api = start_api(servers, tmp_path / "api.log", SLIPWAY_VALIDATION_QUEUE=queue)
    try:
        tenant = await make_tenant(sessionmaker, issuer, api.base_url)
        assert await demo.seed(sessionmaker, tenant.id, days=1, tags=4)
        flow = run_flow(tenant, tmp_path, "--days", "1")

        assert flow.returncode == 1, f"stdout:\n{flow.stdout}\nstderr:\n{flow.stderr}"
        assert "is VALIDATION_FAILED: see the report above" in flow.stderr
        assert "FAILED  session: " in flow.stdout  # the report, one line per check
        state = (await tenant.client(Role.ADMIN).execute(STATE)).ok()
        [model] = [e["node"] for e in state["models"]["edges"]]
        [version] = model["versions"]
        assert version["status"] == "VALIDATION_FAILED"
        assert {"name": "session", "status": "FAILED"} in version["report"]
        assert state["approvalRequests"]["edges"] == []
    finally:
        stop_process(api.process)
        stop_process(strict)


def test_an_unreachable_api_ends_the_script_with_a_hint(tmp_path) -> None:
    from backend.embedded.ports import free_port_pair

    url = f"http://127.0.0.1:{free_port_pair(set())}"  # nothing listens there
    flow = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "notebook_flow.py"), "--url", url, "--workdir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert flow.returncode == 1
    assert f"cannot reach Slipway at {url}" in flow.stderr and "make run" in flow.stderr
