"""A save that fails between the object write and the commit leaves no row and no orphan object."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from backend.identity.roles import Role
from backend.kit.db import transaction
from backend.labels.phantoms import nifti_bytes
from tests.faults import TcpProxy
from tests.support.labels import Labeling, label_rows, mask_objects
from tests.support.processes import Process, start_api, stop_process

MAX_MASK = 65536


@pytest.fixture(scope="module")
def s3_proxy(servers) -> Iterator[TcpProxy]:
    with TcpProxy.in_front_of(servers.settings.s3_endpoint) as proxy:
        yield proxy


@pytest.fixture(scope="module")
def cut_api(servers, s3_proxy, tmp_path_factory) -> Iterator[Process]:
    """An API that reaches S3 through the proxy, with a small mask limit."""
    api = start_api(
        servers,
        tmp_path_factory.mktemp("labels") / "api.log",
        SLIPWAY_S3_ENDPOINT=s3_proxy.url,
        SLIPWAY_LABELS_MAX_MASK_BYTES=str(MAX_MASK),
    )
    yield api
    stop_process(api.process)


async def test_s3_down_before_the_commit_writes_nothing_and_the_key_stays_usable(
    labeling, tenant, s3_proxy, cut_api, sessionmaker
) -> None:
    case = await labeling.create_case()
    through_proxy = Labeling(tenant, cut_api.base_url)
    key, mask = str(uuid.uuid4()), labeling.edit(case)
    s3_proxy.cut()
    try:
        down = await through_proxy.save(case, mask, base=case.label_id, key=key)
    finally:
        s3_proxy.restore()
    assert down.codes == ["UNAVAILABLE"] and down.status == 503
    assert [r.version for r in await label_rows(sessionmaker, case.id)] == [1]
    retried = (await through_proxy.save(case, mask, base=case.label_id, key=key)).ok()["saveLabel"]
    assert retried["replayed"] is False and retried["label"]["version"] == 2


async def test_a_bad_mask_while_s3_is_down_is_still_refused_as_bad_input(
    labeling, tenant, servers, s3_proxy, cut_api, sessionmaker
) -> None:
    """The mask is checked while its object uploads: the check's answer wins over the upload's failure."""
    case = await labeling.create_case()
    through_proxy = Labeling(tenant, cut_api.base_url)
    bad = labeling.volume(case, case.phantom.mask[:, :, :8])
    s3_proxy.cut()
    try:
        refused = await through_proxy.save(case, bad, base=case.label_id)
    finally:
        s3_proxy.restore()
    assert refused.codes == ["BAD_USER_INPUT"] and "has shape" in refused.body["errors"][0]["message"]
    assert [r.version for r in await label_rows(sessionmaker, case.id)] == [1]
    assert len(await mask_objects(servers, tenant.id, case.id)) == 1


async def test_s3_cut_mid_upload_leaves_no_row(labeling, tenant, servers, s3_proxy, cut_api, sessionmaker) -> None:
    case = await labeling.create_case()
    through_proxy = Labeling(tenant, cut_api.base_url)
    # Uncompressed, so the body is big enough to be cut halfway.
    mask = nifti_bytes(case.phantom.mask, case.phantom.affine, gz=False)
    s3_proxy.cut_after_bytes(len(mask) // 2)
    try:
        cut = await through_proxy.save(case, mask, base=case.label_id)
    finally:
        s3_proxy.restore()
    assert cut.codes == ["UNAVAILABLE"]
    assert [r.version for r in await label_rows(sessionmaker, case.id)] == [1]
    assert len(await mask_objects(servers, tenant.id, case.id)) == 1


async def test_a_mask_over_the_size_limit_is_refused(tenant, cut_api) -> None:
    through_proxy = Labeling(tenant, cut_api.base_url)
    case = await through_proxy.create_case(shape=(64, 64, 32))
    big = nifti_bytes(case.phantom.mask, case.phantom.affine, gz=False)
    assert len(big) > MAX_MASK
    answer = await through_proxy.save(case, big, base=case.label_id)
    assert answer.codes == ["BAD_USER_INPUT"]
    error = answer.body["errors"][0]
    assert f"{MAX_MASK:,}" in error["message"] and error["extensions"]["field"] == "mask"


@pytest.mark.parametrize("when", ["insert", "commit"])
async def test_a_database_failure_after_the_object_write_deletes_the_object(
    labeling, tenant, servers, sessionmaker, when
) -> None:
    """A real Postgres error after the mask is in S3: at the labels INSERT, or only at COMMIT."""
    comment = f"fail at {when} {uuid.uuid4()}"
    deferred = "CONSTRAINT " if when == "commit" else ""
    timing = "AFTER INSERT ON labels DEFERRABLE INITIALLY DEFERRED" if when == "commit" else "BEFORE INSERT ON labels"
    name = f"labels_test_fail_{when}"
    async with transaction(sessionmaker) as session:
        await session.execute(
            text(f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'injected failure at {when}'; END $$""")
        )
        await session.execute(
            text(f"""CREATE {deferred}TRIGGER {name} {timing} FOR EACH ROW
            WHEN (NEW.comment = '{comment}') EXECUTE FUNCTION {name}()""")
        )
    try:
        case = await labeling.create_case()
        key, mask = str(uuid.uuid4()), labeling.edit(case)
        failed = await labeling.save(case, mask, base=case.label_id, key=key, comment=comment)
        assert failed.codes == ["INTERNAL"], failed.body
        assert [r.version for r in await label_rows(sessionmaker, case.id)] == [1]
        assert len(await mask_objects(servers, tenant.id, case.id)) == 1  # the new object was deleted
        admin = tenant.client(Role.ADMIN)
        audit = await admin.execute('query { auditLog(action: "label.saved") { edges { node { seq } } } }')
        assert audit.ok()["auditLog"]["edges"] == []
    finally:
        async with transaction(sessionmaker) as session:
            await session.execute(text(f"DROP TRIGGER {name} ON labels"))
            await session.execute(text(f"DROP FUNCTION {name}()"))
    # The key was not used up: the same request now goes through.
    saved = (await labeling.save(case, mask, base=case.label_id, key=key, comment=comment)).ok()["saveLabel"]
    assert saved["replayed"] is False and saved["label"]["version"] == 2
