"""`models(mine: true)` (the overview's "my models") and `ModelVersion.uploadedBy`."""

from __future__ import annotations

import secrets

from backend.identity.roles import Role
from tests.registry import corpus
from tests.support.registry import register, upload

ADMIN, MLE, DS, VIEWER = Role.ADMIN, Role.ML_ENGINEER, Role.DATA_SCIENTIST, Role.VIEWER

MINE = """query($first: Int, $after: String, $search: String) {
  models(mine: true, first: $first, after: $after, search: $search) {
    edges { node { name versions { version uploadedBy { email } } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def _names(answer: dict) -> list[str]:
    return [e["node"]["name"] for e in answer["models"]["edges"]]


async def test_mine_lists_models_registered_or_uploaded_to_by_the_viewer(tenant) -> None:
    tag = secrets.token_hex(3)
    scientists, engineers, shared = f"a-{tag}-ds", f"b-{tag}-mle", f"c-{tag}-shared"
    await register(tenant, DS, scientists)
    await register(tenant, MLE, engineers)
    await register(tenant, DS, shared)
    # The engineer uploads to the scientist's model: it becomes theirs too, by the version they uploaded.
    (await upload(tenant.base_url, tenant.users[MLE].token, corpus.linear(31), model_name=shared)).ok()

    assert _names((await tenant.client(MLE).execute(MINE)).ok()) == [engineers, shared]
    assert _names((await tenant.client(DS).execute(MINE)).ok()) == [scientists, shared]
    assert _names((await tenant.client(ADMIN).execute(MINE)).ok()) == []  # an admin sees all, owns none
    assert _names((await tenant.client(VIEWER).execute(MINE)).ok()) == []
    # The other filters still apply on top of it, and without `mine` every model is listed.
    assert _names((await tenant.client(MLE).execute(MINE, {"search": "shared"})).ok()) == [shared]
    everyone = "{ models { edges { node { name } } } }"
    assert _names((await tenant.client(VIEWER).execute(everyone)).ok()) == [scientists, engineers, shared]


async def test_mine_pages_by_name_and_says_who_uploaded_each_version(tenant) -> None:
    tag = secrets.token_hex(3)
    names = [f"p-{tag}-{i}" for i in range(3)]
    for name in names:
        await register(tenant, MLE, name)
    (await upload(tenant.base_url, tenant.users[DS].token, corpus.linear(32), model_name=names[0])).ok()
    client = tenant.client(MLE)
    first = (await client.execute(MINE, {"first": 2})).ok()
    assert _names(first) == names[:2] and first["models"]["pageInfo"]["hasNextPage"] is True
    rest = (await client.execute(MINE, {"first": 2, "after": first["models"]["pageInfo"]["endCursor"]})).ok()
    assert _names(rest) == names[2:] and rest["models"]["pageInfo"]["hasNextPage"] is False
    versions = first["models"]["edges"][0]["node"]["versions"]
    assert versions == [{"version": 1, "uploadedBy": {"email": tenant.users[DS].email}}]


async def test_mine_never_reaches_into_another_tenant(tenant, other_tenant) -> None:
    name = f"x-{secrets.token_hex(3)}"
    await register(other_tenant, MLE, name)
    assert _names((await other_tenant.client(MLE).execute(MINE)).ok()) == [name]
    assert _names((await tenant.client(MLE).execute(MINE)).ok()) == []


async def test_a_labeler_cannot_list_models_even_their_own(tenant) -> None:
    answer = await tenant.client(Role.LABELER).execute(MINE)
    assert answer.codes == ["FORBIDDEN"]
