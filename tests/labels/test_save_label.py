"""saveLabel: a new mask version, its labels row and audit row, idempotency and concurrent edits."""

from __future__ import annotations

import asyncio
import hashlib
import uuid

import asyncpg
import httpx
import numpy as np
import pytest
from sqlalchemy import text

from backend.identity.roles import Role
from backend.kit.db import transaction
from tests.support.labels import label_rows, mask_objects

HISTORY = """
query History($id: ID!) {
  case(id: $id) { currentLabel { id } labels { id version author { email } mask { url sha256 } } }
}"""
AUDIT = (
    'query($target: String) { auditLog(action: "label.saved", targetId: $target) { edges { node { '
    "actorEmail targetId details } } } }"
)


async def test_a_save_stores_a_new_version_with_its_row_and_audit(labeling, tenant, servers, sessionmaker) -> None:
    case = await labeling.create_case()
    new_mask = labeling.edit(case)
    saved = (await labeling.save(case, new_mask, base=case.label_id, comment="fixed the rim")).ok()["saveLabel"]
    label = saved["label"]
    assert saved["replayed"] is False and label["version"] == 2 and label["baseLabelId"] == case.label_id
    assert label["sha256"] == hashlib.sha256(new_mask).hexdigest()
    assert label["author"]["email"] == tenant.users[Role.LABELER].email and label["comment"] == "fixed the rim"
    history = (await tenant.client(Role.VIEWER).execute(HISTORY, {"id": case.id})).ok()["case"]
    assert history["currentLabel"]["id"] == label["id"]
    assert [v["version"] for v in history["labels"]] == [2, 1]
    async with httpx.AsyncClient(timeout=10) as http:  # every version stays downloadable
        for version in history["labels"]:
            assert (
                hashlib.sha256((await http.get(version["mask"]["url"])).content).hexdigest()
                == version["mask"]["sha256"]
            )
    first, second = await label_rows(sessionmaker, case.id)
    assert second.old_mask_key == first.mask_key and second.mask_key != first.mask_key
    assert second.author_id == tenant.users[Role.LABELER].id
    audit = (await tenant.client(Role.ADMIN).execute(AUDIT, {"target": str(second.id)})).ok()["auditLog"]["edges"]
    assert len(audit) == 1
    details = audit[0]["node"]["details"]
    assert details["old_mask_key"] == first.mask_key and details["new_mask_key"] == second.mask_key
    assert sorted(await mask_objects(servers, tenant.id, case.id)) == sorted([first.mask_key, second.mask_key])


async def test_a_retry_with_the_same_key_returns_the_first_result(labeling, tenant, servers) -> None:
    case = await labeling.create_case()
    key, mask = str(uuid.uuid4()), labeling.edit(case)
    first = (await labeling.save(case, mask, base=case.label_id, key=key)).ok()["saveLabel"]
    again = (await labeling.save(case, mask, base=case.label_id, key=key)).ok()["saveLabel"]
    assert again["replayed"] is True and again["label"]["id"] == first["label"]["id"]
    history = (await tenant.client(Role.LABELER).execute(HISTORY, {"id": case.id})).ok()["case"]["labels"]
    assert [v["version"] for v in history] == [2, 1]
    assert len(await mask_objects(servers, tenant.id, case.id)) == 2
    audit = (await tenant.client(Role.ADMIN).execute(AUDIT)).ok()["auditLog"]["edges"]
    assert len(audit) == 1  # the replay wrote nothing


async def test_the_same_key_with_another_body_is_a_conflict(labeling) -> None:
    case = await labeling.create_case()
    key = str(uuid.uuid4())
    (await labeling.save(case, labeling.edit(case, 1), base=case.label_id, key=key)).ok()
    other_mask = await labeling.save(case, labeling.edit(case, 2), base=case.label_id, key=key)
    assert other_mask.codes == ["CONFLICT"] and "different save" in other_mask.body["errors"][0]["message"]
    other_comment = await labeling.save(case, labeling.edit(case, 1), base=case.label_id, key=key, comment="x")
    assert other_comment.codes == ["CONFLICT"]


async def test_keys_belong_to_one_user(labeling, tenant) -> None:
    case = await labeling.create_case()
    key = str(uuid.uuid4())
    mine = (await labeling.save(case, labeling.edit(case, 1), base=case.label_id, key=key)).ok()["saveLabel"]
    # The same key from another user is their own key: it saves (and meets the moved case).
    theirs = await labeling.save(case, labeling.edit(case, 1), base=case.label_id, key=key, role=Role.ML_ENGINEER)
    assert theirs.codes == ["CONFLICT"] and mine["label"]["id"] in str(theirs.body)


async def test_concurrent_duplicate_saves_make_one_label(labeling, tenant, servers) -> None:
    case = await labeling.create_case()
    key, mask = str(uuid.uuid4()), labeling.edit(case)
    answers = await asyncio.gather(*[labeling.save(case, mask, base=case.label_id, key=key) for _ in range(6)])
    results = [a.ok()["saveLabel"] for a in answers]
    assert len({r["label"]["id"] for r in results}) == 1
    assert sorted(r["replayed"] for r in results) == [False] + [True] * 5
    assert len(await mask_objects(servers, tenant.id, case.id)) == 2
    history = (await tenant.client(Role.LABELER).execute(HISTORY, {"id": case.id})).ok()["case"]["labels"]
    assert [v["version"] for v in history] == [2, 1]


async def test_a_stale_base_is_refused_naming_the_newer_label(labeling) -> None:
    case = await labeling.create_case()
    newer = (await labeling.save(case, labeling.edit(case, 1), base=case.label_id)).ok()["saveLabel"]["label"]
    stale = await labeling.save(case, labeling.edit(case, 2), base=case.label_id, role=Role.ML_ENGINEER)
    assert stale.codes == ["CONFLICT"]
    error = stale.body["errors"][0]
    assert error["extensions"]["currentLabelId"] == newer["id"] and newer["id"] in error["message"]


async def test_concurrent_edits_from_one_base_save_once(labeling, tenant) -> None:
    case = await labeling.create_case()
    answers = await asyncio.gather(
        *[labeling.save(case, labeling.edit(case, step), base=case.label_id) for step in range(1, 5)]
    )
    assert sorted(a.codes for a in answers) == [[], ["CONFLICT"], ["CONFLICT"], ["CONFLICT"]]
    history = (await tenant.client(Role.LABELER).execute(HISTORY, {"id": case.id})).ok()["case"]["labels"]
    assert [v["version"] for v in history] == [2, 1]


async def test_a_case_without_a_mask_takes_a_first_save_without_base(labeling, tenant) -> None:
    case = await labeling.create_case(with_mask=False)
    label = (await labeling.save(case, labeling.edit(case), base=None)).ok()["saveLabel"]["label"]
    assert label["version"] == 1 and label["baseLabelId"] is None


async def test_an_expired_key_can_be_used_again_and_is_purged(labeling, tenant, sessionmaker) -> None:
    from backend.labels import repository

    case = await labeling.create_case()
    key = str(uuid.uuid4())
    first = (await labeling.save(case, labeling.edit(case, 1), base=case.label_id, key=key)).ok()["saveLabel"]
    async with transaction(sessionmaker) as session:
        await session.execute(
            text("UPDATE label_idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = :key"),
            {"key": key},
        )
    second = (await labeling.save(case, labeling.edit(case, 2), base=first["label"]["id"], key=key)).ok()
    assert second["saveLabel"]["replayed"] is False and second["saveLabel"]["label"]["version"] == 3
    async with transaction(sessionmaker) as session:
        await session.execute(
            text("UPDATE label_idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = :key"),
            {"key": key},
        )
        assert await repository.delete_expired_keys(session, limit=1000) >= 1
        left = await session.scalar(text("SELECT count(*) FROM label_idempotency_keys WHERE key = :key"), {"key": key})
    assert left == 0


async def test_keys_live_at_least_a_day(labeling, sessionmaker) -> None:
    case = await labeling.create_case()
    key = str(uuid.uuid4())
    (await labeling.save(case, labeling.edit(case), base=case.label_id, key=key)).ok()
    async with transaction(sessionmaker) as session:
        ttl = await session.scalar(
            text("SELECT extract(epoch FROM expires_at - created_at) FROM label_idempotency_keys WHERE key = :key"),
            {"key": key},
        )
    assert ttl >= 24 * 3600 - 5


async def test_labels_cannot_be_deleted_or_rewritten(labeling, servers) -> None:
    case = await labeling.create_case()
    # A connection of its own, as the application opens them (a pooled one may carry session settings).
    connection = await asyncpg.connect(servers.settings.libpq_url)
    try:
        for statement in (
            "DELETE FROM labels WHERE comment = 'initial mask'",
            "UPDATE labels SET comment = 'x'",
            "TRUNCATE labels CASCADE",
        ):
            with pytest.raises(asyncpg.RaiseError, match="append-only"):
                await connection.execute(statement)
    finally:
        await connection.close()
    assert case.label_id


async def test_viewers_cannot_save(labeling) -> None:
    case = await labeling.create_case()
    answer = await labeling.save(case, labeling.edit(case), base=case.label_id, role=Role.VIEWER)
    assert answer.codes == ["FORBIDDEN"]


async def test_another_tenants_case_cannot_be_saved(labeling, other_tenant) -> None:
    from tests.support.labels import Labeling

    case = await labeling.create_case()
    stranger = Labeling(other_tenant)
    answer = await stranger.save(case, labeling.edit(case), base=case.label_id)
    assert answer.codes == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("not nifti", "not a NIfTI file"),
        ("bad gzip", "does not inflate"),
        ("wrong shape", "has shape [32, 32, 8]"),
        ("wrong affine", "another affine"),
        ("float labels", "labels must be integers"),
        ("unknown value", "outside the case's allowed values"),
        ("truncated", "cannot be read"),
        ("truncated gzip", "does not inflate: the stream ends early"),
    ],
)
async def test_bad_masks_are_refused_saying_why(labeling, tenant, servers, what, message) -> None:
    case = await labeling.create_case()
    mask = case.phantom.mask
    bodies = {
        "not nifti": lambda: b"PK\x03\x04 a zip file, not a volume",
        "bad gzip": lambda: b"\x1f\x8b\x08\x00garbage",
        "wrong shape": lambda: labeling.volume(case, mask[:, :, :8]),
        "wrong affine": lambda: labeling.volume(case, mask, np.diag([1.0, 1.0, 1.0, 1.0])),
        "float labels": lambda: labeling.volume(case, mask.astype(np.float32) + 0.5),
        "unknown value": lambda: labeling.volume(case, np.where(mask == 2, 42, mask).astype(np.uint8)),
        "truncated": lambda: labeling.volume(case, mask)[:0] + _truncated(labeling, case),
        # Cut in the middle of the deflate stream: the header inflates, the voxels end early.
        "truncated gzip": lambda: labeling.volume(case, mask)[: len(labeling.volume(case, mask)) // 2],
    }
    answer = await labeling.save(case, bodies[what](), base=case.label_id)
    assert answer.codes == ["BAD_USER_INPUT"], answer.body
    error = answer.body["errors"][0]
    assert message in error["message"] and error["extensions"]["field"] == "mask"
    assert len(await mask_objects(servers, tenant.id, case.id)) == 1  # nothing written


def _truncated(labeling, case) -> bytes:
    from backend.labels.phantoms import nifti_bytes

    return nifti_bytes(case.phantom.mask, case.phantom.affine, gz=False)[:2000]
