"""Assets and tags: who may read and change them, search and pages, clear conflicts."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from backend.identity.roles import Role
from tests.support.assets import CREATE_ASSET, CREATE_TAG, make_asset

ASSETS = """
query Assets($search: String, $first: Int, $after: String) {
  assets(search: $search, first: $first, after: $after) {
    edges { node { name site tags { name } viewerCanExport viewerCanManage } }
    pageInfo { hasNextPage endCursor }
  }
}"""
UPDATE_ASSET = "mutation($input: UpdateAssetInput!) { updateAsset(input: $input) { id name site description } }"
UPDATE_TAG = "mutation($input: UpdateTagInput!) { updateTag(input: $input) { id name unit } }"
READERS = [Role.ADMIN, Role.ML_ENGINEER, Role.DATA_SCIENTIST, Role.VIEWER]


@pytest.mark.parametrize("role", [Role.ML_ENGINEER, Role.DATA_SCIENTIST, Role.VIEWER, Role.LABELER])
async def test_only_admins_create_and_change_assets_and_tags(tenant, role) -> None:
    asset_id, tag_ids = await make_asset(tenant, ["flow"])
    client = tenant.client(role)
    attempts = [
        (CREATE_ASSET, {"input": {"name": "sneaky"}}),
        (UPDATE_ASSET, {"input": {"id": asset_id, "name": "renamed"}}),
        (CREATE_TAG, {"input": {"assetId": asset_id, "name": "extra"}}),
        (UPDATE_TAG, {"input": {"id": tag_ids["flow"], "unit": "l/s"}}),
    ]
    for query, variables in attempts:
        assert (await client.execute(query, variables)).codes == ["FORBIDDEN"], query


async def test_an_admin_changes_an_asset_and_a_tag_and_it_is_audited(tenant, sessionmaker) -> None:
    asset_id, tag_ids = await make_asset(tenant, ["flow", "pressure"])
    admin = tenant.client(Role.ADMIN)
    changed = (
        await admin.execute(UPDATE_ASSET, {"input": {"id": asset_id, "site": "Plant 9", "description": "moved"}})
    ).ok()["updateAsset"]
    assert changed == {"id": asset_id, "name": "pump", "site": "Plant 9", "description": "moved"}
    tag = (
        await admin.execute(UPDATE_TAG, {"input": {"id": tag_ids["flow"], "name": "flow_rate", "unit": "l/s"}})
    ).ok()["updateTag"]
    assert tag["name"] == "flow_rate" and tag["unit"] == "l/s"
    clash = await admin.execute(UPDATE_TAG, {"input": {"id": tag_ids["pressure"], "name": "flow_rate"}})
    assert clash.codes == ["CONFLICT"]
    again = await admin.execute(CREATE_ASSET, {"input": {"name": "pump"}})
    assert again.codes == ["CONFLICT"] and "already exists" in again.body["errors"][0]["message"]
    blank = await admin.execute(CREATE_ASSET, {"input": {"name": "  "}})
    assert blank.codes == ["BAD_USER_INPUT"]
    async with sessionmaker() as session:
        actions = list(
            await session.scalars(
                text(
                    "SELECT action FROM audit_log WHERE tenant_id = :t AND action LIKE 'asset.%' OR "
                    "tenant_id = :t AND action LIKE 'tag.%' ORDER BY seq"
                ),
                {"t": tenant.id},
            )
        )
    assert actions == ["asset.created", "tag.created", "tag.created", "asset.updated", "tag.updated"]


async def test_readers_list_and_search_assets_in_pages(tenant, other_tenant) -> None:
    for name in ("P-101", "P-102", "C-201"):
        await make_asset(tenant, ["flow"], name=name)
    await make_asset(other_tenant, ["flow"], name="P-999")
    for role in READERS:
        first = (await tenant.client(role).execute(ASSETS, {"first": 2})).ok()["assets"]
        assert [e["node"]["name"] for e in first["edges"]] == ["C-201", "P-101"]
        assert first["pageInfo"]["hasNextPage"]
        rest = (await tenant.client(role).execute(ASSETS, {"first": 2, "after": first["pageInfo"]["endCursor"]})).ok()[
            "assets"
        ]
        assert [e["node"]["name"] for e in rest["edges"]] == ["P-102"]
        node = first["edges"][0]["node"]
        assert node["tags"] == [{"name": "flow"}]
        assert node["viewerCanExport"] is (role is not Role.VIEWER)
        assert node["viewerCanManage"] is (role is Role.ADMIN)
    found = (await tenant.client(Role.VIEWER).execute(ASSETS, {"search": "p-10"})).ok()["assets"]["edges"]
    assert [e["node"]["name"] for e in found] == ["P-101", "P-102"]
    assert (await tenant.client(Role.LABELER).execute(ASSETS, {})).codes == ["FORBIDDEN"]


async def test_another_tenants_asset_and_tag_are_not_found(tenant, other_tenant) -> None:
    asset_id, tag_ids = await make_asset(tenant, ["flow"])
    stranger = other_tenant.client(Role.ADMIN)
    assert (await stranger.execute("query($id: ID!) { asset(id: $id) { name } }", {"id": asset_id})).codes == [
        "NOT_FOUND"
    ]
    assert (await stranger.execute(UPDATE_TAG, {"input": {"id": tag_ids["flow"], "unit": "x"}})).codes == ["NOT_FOUND"]
    assert (await stranger.execute(CREATE_TAG, {"input": {"assetId": asset_id, "name": "x"}})).codes == ["NOT_FOUND"]
