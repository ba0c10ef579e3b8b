"""Cases over GraphQL: creation with uploads, presigned artifacts, lists, assignment and tenancy."""

from __future__ import annotations

import hashlib

import httpx

from backend.identity.roles import Role
from backend.kit import ids
from backend.labels.phantoms import nifti_bytes
from tests.support.labels import CREATE_CASE, upload

CASE = """
query Case($id: ID!) {
  case(id: $id) {
    id title status shape labelValues viewerCanLabel
    assignee { email }
    currentLabel { id version }
    artifacts { kind url sizeBytes sha256 expiresIn }
    labels { id version author { email } createdAt }
  }
}"""

CASES = """
query Cases($status: CaseStatus, $assigneeId: ID, $first: Int, $after: String) {
  cases(status: $status, assigneeId: $assigneeId, first: $first, after: $after) {
    edges { node { id title status } } pageInfo { hasNextPage endCursor }
  }
}"""


async def test_a_created_case_serves_its_image_and_mask_through_presigned_urls(labeling, tenant) -> None:
    case = await labeling.create_case(seed=3)
    got = (await tenant.client(Role.LABELER).execute(CASE, {"id": case.id})).ok()["case"]
    assert got["status"] == "OPEN" and got["shape"] == [32, 32, 16]
    assert got["currentLabel"]["version"] == 1 and got["viewerCanLabel"] is True
    assert [a["kind"] for a in got["artifacts"]] == ["IMAGE", "MASK"]
    assert [(lbl["version"], lbl["author"]["email"]) for lbl in got["labels"]] == [(1, tenant.users[Role.ADMIN].email)]
    expected = {
        "IMAGE": nifti_bytes(case.phantom.image, case.phantom.affine),
        "MASK": nifti_bytes(case.phantom.mask, case.phantom.affine),
    }
    async with httpx.AsyncClient(timeout=10) as http:
        for artifact in got["artifacts"]:
            body = (await http.get(artifact["url"])).content  # no bearer token: the URL is the permission
            assert body == expected[artifact["kind"]]
            assert artifact["sha256"] == hashlib.sha256(body).hexdigest()
            assert artifact["sizeBytes"] == len(body)
            # Signed for 330 s and handed out again for 30 s: every copy is good for the 300 s it promises.
            assert "X-Amz-Expires=330" in artifact["url"] and artifact["expiresIn"] == 300
            assert f"/{tenant.id}/cases/{ids.decode('Case', case.id)}/" in artifact["url"]


async def test_a_case_without_a_mask_has_only_its_image(labeling, tenant) -> None:
    case = await labeling.create_case(with_mask=False)
    got = (await tenant.client(Role.VIEWER).execute(CASE, {"id": case.id})).ok()["case"]
    assert [a["kind"] for a in got["artifacts"]] == ["IMAGE"] and got["labels"] == [] and got["currentLabel"] is None
    assert got["viewerCanLabel"] is False  # viewers read only


async def test_only_admins_and_ml_engineers_create_cases(labeling, tenant) -> None:
    await labeling.create_case(role=Role.ML_ENGINEER)
    for role in (Role.LABELER, Role.VIEWER, Role.DATA_SCIENTIST):
        answer = await upload(
            tenant.base_url, tenant.users[role].token, CREATE_CASE, {"title": "x"}, {"image": ("i.nii", b"whatever")}
        )
        assert answer.codes == ["FORBIDDEN"], (role, answer.body)


async def test_a_bad_image_is_refused_and_leaves_no_case(labeling, tenant) -> None:
    before = (await tenant.client(Role.ADMIN).execute(CASES)).ok()["cases"]["edges"]
    answer = await upload(
        tenant.base_url,
        tenant.users[Role.ADMIN].token,
        CREATE_CASE,
        {"title": "broken"},
        {"image": ("image.nii.gz", b"\x1f\x8bnot really gzip")},
    )
    assert answer.codes == ["BAD_USER_INPUT"]
    assert "image" in answer.body["errors"][0]["message"]
    after = (await tenant.client(Role.ADMIN).execute(CASES)).ok()["cases"]["edges"]
    assert after == before


async def test_another_tenants_case_is_not_found(labeling, other_tenant) -> None:
    case = await labeling.create_case()
    answer = await other_tenant.client(Role.ADMIN).execute(CASE, {"id": case.id})
    assert answer.codes == ["NOT_FOUND"] and answer.data is None
    listed = (await other_tenant.client(Role.ADMIN).execute(CASES)).ok()["cases"]["edges"]
    assert case.id not in [e["node"]["id"] for e in listed]
    label = await other_tenant.client(Role.ADMIN).execute(
        "query($id: ID!) { label(id: $id) { id } }", {"id": case.label_id}
    )
    assert label.codes == ["NOT_FOUND"]
    own = await labeling.tenant.client(Role.VIEWER).execute(
        "query($id: ID!) { label(id: $id) { id } }", {"id": case.label_id}
    )
    assert own.ok()["label"]["id"] == case.label_id


async def test_cases_page_newest_first_and_filter_by_status_and_assignee(labeling, tenant) -> None:
    admin = tenant.client(Role.ADMIN)
    made = [await labeling.create_case(seed=s, with_mask=False) for s in range(3)]
    labeler_id = ids.encode("User", tenant.users[Role.LABELER].id)
    await admin.execute(
        "mutation($id: ID!) { setCaseStatus(id: $id, status: IN_REVIEW) { status } }", {"id": made[0].id}
    )
    await admin.execute(
        "mutation($id: ID!, $u: ID) { assignCase(id: $id, assigneeId: $u) { id } }", {"id": made[1].id, "u": labeler_id}
    )
    first = (await admin.execute(CASES, {"first": 2})).ok()["cases"]
    assert [e["node"]["id"] for e in first["edges"]] == [made[2].id, made[1].id]
    rest = (await admin.execute(CASES, {"first": 2, "after": first["pageInfo"]["endCursor"]})).ok()["cases"]
    assert [e["node"]["id"] for e in rest["edges"]] == [made[0].id] and not rest["pageInfo"]["hasNextPage"]
    review = (await admin.execute(CASES, {"status": "IN_REVIEW"})).ok()["cases"]["edges"]
    assert [e["node"]["id"] for e in review] == [made[0].id]
    mine = (await admin.execute(CASES, {"assigneeId": labeler_id})).ok()["cases"]["edges"]
    assert [e["node"]["id"] for e in mine] == [made[1].id]


async def test_labelers_see_only_cases_assigned_to_them_or_to_nobody(labeling, tenant, sessionmaker) -> None:
    from backend.identity import service as identity
    from backend.identity.models import Tenant
    from backend.kit.db import transaction

    async with transaction(sessionmaker) as session:
        row = await session.get(Tenant, tenant.id)
        other = await identity.add_user(
            session, None, tenant=row, email=f"second-labeler@{tenant.slug}.test", role="labeler", password=None
        )
    theirs = await labeling.create_case(assignee_id=ids.encode("User", other.id), seed=5)
    mine = await labeling.create_case(assignee_id=ids.encode("User", tenant.users[Role.LABELER].id), seed=6)
    open_case = await labeling.create_case(seed=7)
    labeler = tenant.client(Role.LABELER)
    listed = [e["node"]["id"] for e in (await labeler.execute(CASES)).ok()["cases"]["edges"]]
    assert listed == [open_case.id, mine.id]
    assert (await labeler.execute(CASE, {"id": theirs.id})).codes == ["FORBIDDEN"]
    saved = await labeling.save(theirs, labeling.edit(theirs), base=theirs.label_id)
    assert saved.codes == ["FORBIDDEN"]
    # Viewers read every case of the tenant.
    assert (await tenant.client(Role.VIEWER).execute(CASE, {"id": theirs.id})).ok()


async def test_only_labelers_can_be_assigned(labeling, tenant) -> None:
    case = await labeling.create_case(with_mask=False)
    answer = await tenant.client(Role.ADMIN).execute(
        "mutation($id: ID!, $u: ID) { assignCase(id: $id, assigneeId: $u) { id } }",
        {"id": case.id, "u": ids.encode("User", tenant.users[Role.VIEWER].id)},
    )
    assert answer.codes == ["BAD_USER_INPUT"] and "viewer" in answer.body["errors"][0]["message"]
    refused = await tenant.client(Role.LABELER).execute(
        "mutation($id: ID!) { setCaseStatus(id: $id, status: DONE) { id } }", {"id": case.id}
    )
    assert refused.codes == ["FORBIDDEN"]
