"""emit(): one PENDING delivery per active subscribed webhook of the tenant, and its job, in the caller's transaction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from backend.identity.roles import Role
from backend.kit import ids
from backend.kit.db import transaction
from backend.webhooks import service
from backend.webhooks.models import Webhook, WebhookDelivery


async def _hook(sessionmaker, tenant, events: list[str], active: bool = True) -> Webhook:
    async with transaction(sessionmaker) as session:
        row = Webhook(
            tenant_id=tenant.id,
            url="http://127.0.0.1:9/hook",
            events=events,
            description="",
            active=active,
            secret="whsec_test",
            created_by=tenant.users[Role.ADMIN].id,
        )
        session.add(row)
    return row


async def test_emit_records_a_delivery_and_its_job_for_each_subscribed_active_webhook(
    sessionmaker, tenant, other_tenant
) -> None:
    wanted = await _hook(sessionmaker, tenant, ["deployment.live", "deployment.failed"])
    await _hook(sessionmaker, tenant, ["deployment.failed"])
    await _hook(sessionmaker, tenant, ["deployment.live"], active=False)
    await _hook(sessionmaker, other_tenant, ["deployment.live"])
    async with transaction(sessionmaker) as session:
        await service.emit(session, tenant_id=tenant.id, event="deployment.live", payload={"deployment": "d1"})
    async with sessionmaker() as session:
        rows = list(
            await session.scalars(
                select(WebhookDelivery).where(WebhookDelivery.tenant_id.in_([tenant.id, other_tenant.id]))
            )
        )
        assert [r.webhook_id for r in rows] == [wanted.id]
        body = json.loads(rows[0].request_body)
        assert body["id"] == ids.encode("WebhookDelivery", rows[0].id) and body["event"] == "deployment.live"
        assert body["tenant"] == tenant.slug and body["data"] == {"deployment": "d1"}
        jobs = await session.scalar(
            text("SELECT count(*) FROM dramatiq.queue WHERE message->'args'->>0 = :id"), {"id": str(rows[0].id)}
        )
        assert jobs == 1


async def test_nothing_is_recorded_when_the_callers_transaction_rolls_back(sessionmaker, tenant) -> None:
    await _hook(sessionmaker, tenant, ["scoring_run.finished"])
    with pytest.raises(RuntimeError):
        async with transaction(sessionmaker) as session:
            await service.emit(session, tenant_id=tenant.id, event="scoring_run.finished", payload={})
            raise RuntimeError("the caller's change failed")
    async with sessionmaker() as session:
        count = await session.scalar(select(WebhookDelivery.id).where(WebhookDelivery.tenant_id == tenant.id))
    assert count is None


async def test_an_unknown_event_is_a_programming_error(sessionmaker, tenant) -> None:
    async with sessionmaker() as session:
        with pytest.raises(ValueError, match="unknown webhook event"):
            await service.emit(session, tenant_id=tenant.id, event="deployment.exploded", payload={})


async def test_a_delivery_of_a_webhook_deactivated_before_it_is_sent_fails_unsent(sessionmaker, tenant, worker) -> None:
    from tests.support.webhooks import wait_finished
    from tests.webhooks.receiver import receiving

    with receiving() as receiver:
        hook = await _hook(sessionmaker, tenant, ["deployment.retired"])
        async with transaction(sessionmaker) as session:
            await session.execute(
                text("UPDATE webhooks SET url = :url WHERE id = :id"), {"url": receiver.url, "id": hook.id}
            )
            await service.emit(session, tenant_id=tenant.id, event="deployment.retired", payload={})
            await session.execute(text("UPDATE webhooks SET active = false WHERE id = :id"), {"id": hook.id})
        async with sessionmaker() as session:
            delivery_id = await session.scalar(select(WebhookDelivery.id).where(WebhookDelivery.webhook_id == hook.id))
        done = await wait_finished(tenant, ids.encode("Webhook", hook.id), ids.encode("WebhookDelivery", delivery_id))
        assert receiver.requests == []
    assert done["status"] == "FAILED" and done["attempts"] == 0 and "deactivated" in done["lastError"]
