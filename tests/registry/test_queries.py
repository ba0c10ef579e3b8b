"""Reading the registry: the models connection with filters, a model's versions, presigned downloads."""

from __future__ import annotations

import secrets

import httpx

from backend.identity.roles import Role
from tests.registry import corpus
from tests.support.registry import register, upload, wait_final

DS, VIEWER = Role.DATA_SCIENTIST, Role.VIEWER

MODELS = """query($search: String, $status: ModelVersionStatus, $first: Int, $after: String) {
  models(search: $search, status: $status, first: $first, after: $after) {
    edges { node { name latestVersion versions { version status } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
MODEL = "query($id: ID!) { model(id: $id) { name versions { version status model { name } } } }"
DOWNLOAD = "query($id: ID!) { modelVersion(id: $id) { downloadUrl sha256 } }"


async def _upload(tenant, name: str, data: bytes) -> str:
    answer = (await upload(tenant.base_url, tenant.users[DS].token, data, model_name=name)).ok()
    return answer["uploadModelVersion"]["version"]["id"]


async def test_models_are_searched_filtered_and_paged(tenant, worker) -> None:
    tag = secrets.token_hex(3)
    good, bad, other = f"alpha-{tag}-good", f"alpha-{tag}-bad", f"beta-{tag}"
    for name in (good, bad, other):
        await register(tenant, DS, name)
    await wait_final(tenant, VIEWER, await _upload(tenant, good, corpus.linear(11)))
    await wait_final(tenant, VIEWER, await _upload(tenant, bad, corpus.nan_output()))
    client = tenant.client(VIEWER)
    found = (await client.execute(MODELS, {"search": f"alpha-{tag}"})).ok()["models"]
    assert [e["node"]["name"] for e in found["edges"]] == [bad, good]
    validated = (await client.execute(MODELS, {"status": "VALIDATED"})).ok()["models"]
    assert [e["node"]["name"] for e in validated["edges"]] == [good]
    failed = (await client.execute(MODELS, {"status": "VALIDATION_FAILED"})).ok()["models"]
    assert [e["node"]["name"] for e in failed["edges"]] == [bad]
    first = (await client.execute(MODELS, {"first": 2})).ok()["models"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await client.execute(MODELS, {"first": 2, "after": first["pageInfo"]["endCursor"]})).ok()["models"]
    names = [e["node"]["name"] for e in first["edges"] + rest["edges"]]
    assert names == sorted([good, bad, other])
    wildcard = (await client.execute(MODELS, {"search": "%"})).ok()["models"]
    assert wildcard["edges"] == []  # LIKE wildcards are matched literally


async def test_a_model_lists_its_versions_newest_first(tenant) -> None:
    name = f"m-{secrets.token_hex(4)}"
    model = await register(tenant, DS, name)
    for seed in (21, 22, 23):
        await _upload(tenant, name, corpus.linear(seed))
    read = (await tenant.client(VIEWER).execute(MODEL, {"id": model["id"]})).ok()["model"]
    assert [v["version"] for v in read["versions"]] == [3, 2, 1]
    assert {v["model"]["name"] for v in read["versions"]} == {name}
    newest = "query($id: ID!, $n: Int) { model(id: $id) { versions(first: $n) { version } } }"
    for n, numbers in ((2, [3, 2]), (0, []), (9, [3, 2, 1])):
        read = (await tenant.client(VIEWER).execute(newest, {"id": model["id"], "n": n})).ok()["model"]
        assert [v["version"] for v in read["versions"]] == numbers
    refused = await tenant.client(VIEWER).execute(newest, {"id": model["id"], "n": -1})
    assert refused.codes == ["BAD_USER_INPUT"]


async def test_the_download_url_serves_the_uploaded_bytes(tenant) -> None:
    name = f"d-{secrets.token_hex(4)}"
    await register(tenant, DS, name)
    data = corpus.sklearn_logistic()
    version_id = await _upload(tenant, name, data)
    read = (await tenant.client(VIEWER).execute(DOWNLOAD, {"id": version_id})).ok()["modelVersion"]
    assert "X-Amz-Expires=300" in read["downloadUrl"]
    async with httpx.AsyncClient() as http:
        answer = await http.get(read["downloadUrl"])
    assert answer.status_code == 200
    assert answer.content == data
    labeler = await tenant.client(Role.LABELER).execute(DOWNLOAD, {"id": version_id})
    assert labeler.codes == ["FORBIDDEN"]
