"""An upload naming no model is the caller's mistake (BAD_USER_INPUT), not a model that was not found."""

from __future__ import annotations

import pytest

from backend.identity.roles import Role
from tests.registry import corpus
from tests.support.registry import upload


@pytest.mark.parametrize("model_name", [None, "", "   "])
async def test_a_missing_or_empty_model_name_says_the_name_is_missing(tenant, model_name) -> None:
    answer = await upload(
        tenant.base_url, tenant.users[Role.DATA_SCIENTIST].token, corpus.linear(), model_name=model_name
    )
    assert answer.codes == ["BAD_USER_INPUT"], answer.body
    error = answer.body["errors"][0]
    assert error["extensions"]["field"] == "modelName"
    assert "name is missing" in error["message"]
