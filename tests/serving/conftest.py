"""One loaded skl2onnx classifier per module for the tests that only read (bad inputs, auth, metrics).
Helpers: tests/support/serving.py."""

from __future__ import annotations

import pytest

from backend.identity.tokens import Issuer
from tests.serving import models
from tests.support.serving import Loaded, control_client, validated
from tests.support.tenants import make_tenant


@pytest.fixture(scope="module")
async def loaded(servers, sessionmaker, issuer: Issuer, api, worker, model_server) -> Loaded:
    """A tenant whose logistic regression is loaded and routed as `{model}-staging`."""
    tenant = await make_tenant(sessionmaker, issuer, api.base_url)
    version = await validated(tenant, models.logistic())
    control = control_client(servers, model_server.base_url)
    await control.load(tenant.id, version.served_name, version.id)
    await control.put_route(tenant.id, f"{version.model}-staging", [(version.served_name, 100)], [])
    await control.aclose()
    return Loaded(tenant, version, model_server.base_url)
