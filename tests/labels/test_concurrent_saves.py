"""Saves racing each other and a frozen S3: one version per edit, one per key, an unbroken audit chain.

A save stores its object first, then locks the case, claims its key together with the label, and appends to
the tenant's audit chain in one short transaction; these tests press on each of those steps at once.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import uuid

from sqlalchemy import text

from backend.identity.roles import Role
from backend.kit.db import transaction
from tests.client import GraphQLClient
from tests.faults import TcpProxy
from tests.support.labels import Labeling, label_rows, mask_objects
from tests.support.processes import ROOT, start_api, stop_process

SAVES = 10


def _verify_audit(servers, tenant) -> None:
    report = subprocess.run(
        [sys.executable, "-m", "backend.cli", "audit", "verify", "--tenant", tenant.slug],
        env=servers.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert report.returncode == 0 and ", ok" in report.stdout, report.stdout + report.stderr


async def _saved_audit_rows(sessionmaker, tenant_id) -> list[str]:
    async with transaction(sessionmaker) as session:
        rows = await session.execute(
            text("SELECT target_id FROM audit_log WHERE tenant_id = :t AND action = 'label.saved' ORDER BY seq"),
            {"t": tenant_id},
        )
        return [row.target_id for row in rows]


async def test_ten_edits_from_one_base_with_their_own_keys_make_one_version(
    labeling, tenant, servers, sessionmaker
) -> None:
    case = await labeling.create_case()
    answers = await asyncio.gather(
        *[labeling.save(case, labeling.edit(case, step), base=case.label_id) for step in range(1, SAVES + 1)]
    )
    codes = sorted(tuple(answer.codes) for answer in answers)
    assert codes == [()] + [("CONFLICT",)] * (SAVES - 1), [a.body for a in answers]
    winner = next(a for a in answers if not a.codes).ok()["saveLabel"]["label"]
    assert [(r.version, str(r.id)) for r in await label_rows(sessionmaker, case.id)][1:] == [(2, _uuid(winner["id"]))]
    # The losers' objects went with their rollbacks: the first mask and the winner's are left.
    assert len(await mask_objects(servers, tenant.id, case.id)) == 2
    assert await _saved_audit_rows(sessionmaker, tenant.id) == [_uuid(winner["id"])]
    _verify_audit(servers, tenant)


async def test_ten_copies_of_one_save_make_one_version_and_one_audit_row(
    labeling, tenant, servers, sessionmaker
) -> None:
    case = await labeling.create_case()
    key, mask = str(uuid.uuid4()), labeling.edit(case)
    answers = await asyncio.gather(*[labeling.save(case, mask, base=case.label_id, key=key) for _ in range(SAVES)])
    results = [answer.ok()["saveLabel"] for answer in answers]
    assert len({r["label"]["id"] for r in results}) == 1
    assert sorted(r["replayed"] for r in results) == [False] + [True] * (SAVES - 1)
    assert [r.version for r in await label_rows(sessionmaker, case.id)] == [1, 2]
    assert len(await mask_objects(servers, tenant.id, case.id)) == 2
    assert await _saved_audit_rows(sessionmaker, tenant.id) == [_uuid(results[0]["label"]["id"])]
    _verify_audit(servers, tenant)


async def test_one_key_sent_with_different_masks_at_once_keeps_the_first_and_refuses_the_rest(
    labeling, tenant, servers, sessionmaker
) -> None:
    case = await labeling.create_case()
    key = str(uuid.uuid4())
    answers = await asyncio.gather(
        *[labeling.save(case, labeling.edit(case, step), base=case.label_id, key=key) for step in range(1, 6)]
    )
    codes = sorted(tuple(answer.codes) for answer in answers)
    assert codes == [()] + [("CONFLICT",)] * 4, [a.body for a in answers]
    assert [r.version for r in await label_rows(sessionmaker, case.id)] == [1, 2]
    assert len(await mask_objects(servers, tenant.id, case.id)) == 2
    _verify_audit(servers, tenant)


async def test_saves_on_ten_cases_at_once_append_one_unbroken_chain(labeling, tenant, servers, sessionmaker) -> None:
    cases = [await labeling.create_case(seed=seed, shape=(16, 16, 8)) for seed in range(SAVES)]
    answers = await asyncio.gather(*[labeling.save(c, labeling.edit(c), base=c.label_id) for c in cases])
    assert all(not answer.codes for answer in answers), [a.body for a in answers if a.codes]
    assert len(await _saved_audit_rows(sessionmaker, tenant.id)) == SAVES
    _verify_audit(servers, tenant)


async def test_a_save_stuck_on_a_frozen_s3_holds_no_lock(labeling, tenant, servers, sessionmaker, tmp_path) -> None:
    """While one save's object hangs in a frozen S3, another save of the same case and every audited
    mutation of the tenant go through; the stuck save then learns the case moved on, and leaves nothing."""
    case = await labeling.create_case()
    proxy = TcpProxy.in_front_of(servers.settings.s3_endpoint)
    api = start_api(
        servers,
        tmp_path / "api.log",
        SLIPWAY_S3_ENDPOINT=proxy.url,
        SLIPWAY_S3_CALL_TIMEOUT_SECONDS="30",
        SLIPWAY_S3_READ_TIMEOUT_SECONDS="30",
    )
    try:
        proxy.freeze()
        stuck = asyncio.create_task(
            Labeling(tenant, api.base_url).save(case, labeling.edit(case, 1), base=case.label_id)
        )
        await asyncio.sleep(2)  # the stuck save has read the case and is waiting on S3
        assert not stuck.done()
        started = time.monotonic()
        other = (await labeling.save(case, labeling.edit(case, 2), base=case.label_id)).ok()["saveLabel"]
        ping = await tenant.client(Role.DATA_SCIENTIST).execute('mutation { ping(message: "meanwhile") { id } }')
        took = time.monotonic() - started
        assert not ping.codes and took < 10, took
        assert not stuck.done()
        proxy.restore()
        late = await stuck
    finally:
        stop_process(api.process)
        proxy.stop()
    assert late.codes == ["CONFLICT"] and other["label"]["id"] in str(late.body)
    assert [r.version for r in await label_rows(sessionmaker, case.id)] == [1, 2]
    assert len(await mask_objects(servers, tenant.id, case.id)) == 2  # the stuck save's object went again
    _verify_audit(servers, tenant)


async def test_refused_and_replayed_saves_stuck_on_a_frozen_s3_hold_no_connection(
    labeling, tenant, servers, other_tenant, tmp_path
) -> None:
    """Their objects already travel when the answer is known: they wait for the upload without a connection,
    so a case page still reads through a pool of 2."""
    case = await labeling.create_case()
    key, mask = str(uuid.uuid4()), labeling.edit(case)
    (await labeling.save(case, mask, base=case.label_id, key=key)).ok()
    proxy = TcpProxy.in_front_of(servers.settings.s3_endpoint)
    api = start_api(
        servers,
        tmp_path / "api.log",
        SLIPWAY_S3_ENDPOINT=proxy.url,
        SLIPWAY_DATABASE_POOL_SIZE="2",
        SLIPWAY_DATABASE_POOL_TIMEOUT_SECONDS="5",
        SLIPWAY_S3_CALL_TIMEOUT_SECONDS="30",
        SLIPWAY_S3_READ_TIMEOUT_SECONDS="30",
    )
    through = Labeling(tenant, api.base_url)
    try:
        proxy.freeze()
        stuck = [
            *(asyncio.create_task(through.save(case, mask, base=case.label_id, key=key)) for _ in range(3)),
            *(asyncio.create_task(through.save(case, b"not a volume", base=case.label_id)) for _ in range(2)),
            asyncio.create_task(Labeling(other_tenant, api.base_url).save(case, mask, base=case.label_id)),
        ]
        await asyncio.sleep(3)  # every one has its answer and waits for its upload
        page = await GraphQLClient(api.base_url, tenant.users[Role.LABELER].token).execute(
            "query Q($id: ID!) { case(id: $id) { labels { version } } }", {"id": case.id}
        )
        assert not any(task.done() for task in stuck)
        proxy.restore()
        answers = await asyncio.gather(*stuck)
    finally:
        stop_process(api.process)
        proxy.stop()
    assert [v["version"] for v in page.ok()["case"]["labels"]] == [2, 1]
    assert [a.ok()["saveLabel"]["replayed"] for a in answers[:3]] == [True] * 3
    assert [a.codes for a in answers[3:]] == [["BAD_USER_INPUT"]] * 2 + [["NOT_FOUND"]]
    assert len(await mask_objects(servers, tenant.id, case.id)) == 2  # every stuck object went again


def _uuid(global_id: str) -> str:
    from backend.kit import ids

    return str(ids.decode("Label", global_id))
