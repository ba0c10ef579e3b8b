"""Managing webhooks through GraphQL: admins only, tenant-scoped, audited, clear errors, the secret shown once."""

from __future__ import annotations

import json

from sqlalchemy import select

from backend.audit.models import AuditEntry
from backend.identity.roles import Role
from backend.webhooks.events import EVENTS
from backend.webhooks.signature import verify
from tests.support.webhooks import (
    ADMIN,
    CATALOGUE,
    CREATE,
    DELETE,
    DELIVERIES,
    LIST,
    ONE,
    PING,
    REDELIVER,
    ROTATE,
    UPDATE,
    create,
    deliveries,
    wait_finished,
)
from tests.webhooks.receiver import receiving

URL = "https://hooks.example.com/slipway"


async def test_the_event_catalogue_lists_every_event(fast_tenant) -> None:
    answer = (await fast_tenant.client(ADMIN).execute(CATALOGUE)).ok()["webhookEvents"]
    assert answer == list(EVENTS)
    assert {
        "model_version.approved",
        "deployment.live",
        "deployment.rolled_back",
        "scoring_run.finished",
        "ping",
    } <= set(answer)


async def test_an_admin_creates_lists_updates_and_deletes_a_webhook(fast_tenant) -> None:
    client = fast_tenant.client(ADMIN)
    webhook_id, _ = await create(
        fast_tenant, URL, ["deployment.live", "model_version.approved", "deployment.live"], "n8n flow"
    )
    listed = (await client.execute(LIST)).ok()["webhooks"]
    assert [(w["id"], w["url"], w["events"], w["description"], w["active"]) for w in listed] == [
        (webhook_id, URL, ["model_version.approved", "deployment.live"], "n8n flow", True)
    ]
    changed = (
        await client.execute(UPDATE, {"id": webhook_id, "input": {"events": ["deployment.failed"], "active": False}})
    ).ok()["updateWebhook"]
    assert changed["events"] == ["deployment.failed"] and changed["active"] is False and changed["url"] == URL
    assert changed["updatedAt"]
    assert (await client.execute(DELETE, {"id": webhook_id})).ok()["deleteWebhook"] == webhook_id
    assert (await client.execute(ONE, {"id": webhook_id})).codes == ["NOT_FOUND"]


async def test_bad_urls_and_unknown_events_are_bad_input_saying_what_is_allowed(fast_tenant) -> None:
    client = fast_tenant.client(ADMIN)
    not_http = "The webhook URL must be an absolute http:// or https:// URL with a host; got {!r}."
    for url, message in [
        ("ftp://hooks.example.com/x", not_http),
        ("hooks.example.com/x", not_http),
        ("http://", not_http),
        ("javascript:alert(1)", not_http),
        ("http://host:port/x", "The port of the webhook URL is not a number: {!r}."),
    ]:
        answer = await client.execute(CREATE, {"input": {"url": url, "events": ["ping"]}})
        assert answer.codes == ["BAD_USER_INPUT"], (url, answer.body)
        assert answer.body["errors"][0]["extensions"]["field"] == "url", answer.body
        assert answer.body["errors"][0]["message"] == message.format(url)
    unknown = await client.execute(CREATE, {"input": {"url": URL, "events": ["deployment.live", "model.exploded"]}})
    assert unknown.codes == ["BAD_USER_INPUT"]
    message = unknown.body["errors"][0]["message"]
    assert "model.exploded" in message and "model_version.approved" in message and "deployment.live" in message
    assert (await client.execute(CREATE, {"input": {"url": URL, "events": []}})).codes == ["BAD_USER_INPUT"]
    webhook_id, _ = await create(fast_tenant, URL, ["ping"])
    bad = await client.execute(UPDATE, {"id": webhook_id, "input": {"url": "file:///etc/passwd"}})
    assert bad.codes == ["BAD_USER_INPUT"]
    assert (await client.execute(LIST)).ok()["webhooks"][0]["url"] == URL


async def test_only_admins_may_touch_webhooks(fast_tenant) -> None:
    webhook_id, _ = await create(fast_tenant, URL, ["ping"])
    for role in Role:
        if role is Role.ADMIN:
            continue
        client = fast_tenant.client(role)
        answers = [
            await client.execute(LIST),
            await client.execute(ONE, {"id": webhook_id}),
            await client.execute(DELIVERIES, {"id": webhook_id}),
            await client.execute(CREATE, {"input": {"url": URL, "events": ["ping"]}}),
            await client.execute(UPDATE, {"id": webhook_id, "input": {"active": False}}),
            await client.execute(ROTATE, {"id": webhook_id}),
            await client.execute(PING, {"id": webhook_id}),
            await client.execute(DELETE, {"id": webhook_id}),
        ]
        assert [a.codes for a in answers] == [["FORBIDDEN"]] * len(answers), role
    assert len((await fast_tenant.client(ADMIN).execute(LIST)).ok()["webhooks"]) == 1


async def test_another_tenants_webhooks_and_deliveries_are_not_found(fast_tenant, fast_other_tenant) -> None:
    with receiving() as receiver:
        webhook_id, _ = await create(fast_tenant, receiver.url, ["ping"])
        delivery_id = (await fast_tenant.client(ADMIN).execute(PING, {"id": webhook_id})).ok()["pingWebhook"]["id"]
        await wait_finished(fast_tenant, webhook_id, delivery_id)
    stranger = fast_other_tenant.client(ADMIN)
    answers = [
        await stranger.execute(ONE, {"id": webhook_id}),
        await stranger.execute(DELIVERIES, {"id": webhook_id}),
        await stranger.execute(UPDATE, {"id": webhook_id, "input": {"active": False}}),
        await stranger.execute(ROTATE, {"id": webhook_id}),
        await stranger.execute(PING, {"id": webhook_id}),
        await stranger.execute(REDELIVER, {"id": delivery_id}),
        await stranger.execute(DELETE, {"id": webhook_id}),
    ]
    assert [a.codes for a in answers] == [["NOT_FOUND"]] * len(answers)
    assert (await stranger.execute(LIST)).ok()["webhooks"] == []
    assert (await stranger.execute(ONE, {"id": delivery_id})).codes == ["NOT_FOUND"]  # a delivery id is no webhook id
    assert (await fast_tenant.client(ADMIN).execute(ONE, {"id": webhook_id})).ok()["webhook"]["active"] is True


async def test_the_secret_is_shown_once_and_rotation_signs_with_the_new_one(fast_tenant, sessionmaker) -> None:
    client = fast_tenant.client(ADMIN)
    with receiving() as receiver:
        webhook_id, secret = await create(fast_tenant, receiver.url, ["ping"])
        rotated = (await client.execute(ROTATE, {"id": webhook_id})).ok()["rotateWebhookSecret"]["secret"]
        assert rotated.startswith("whsec_") and rotated != secret
        delivery_id = (await client.execute(PING, {"id": webhook_id})).ok()["pingWebhook"]["id"]
        [request] = await receiver.wait_for(1)
        await wait_finished(fast_tenant, webhook_id, delivery_id)
    assert verify(rotated, request.body, request.headers["x-slipway-signature"])
    assert not verify(secret, request.body, request.headers["x-slipway-signature"])
    seen = [
        await client.execute(LIST),
        await client.execute(ONE, {"id": webhook_id}),
        await client.execute(DELIVERIES, {"id": webhook_id}),
        await client.execute(UPDATE, {"id": webhook_id, "input": {"description": "after"}}),
        await client.execute("{ auditLog(first: 50) { edges { node { action details } } } }"),
    ]
    for answer in seen:
        text = json.dumps(answer.ok())
        assert secret not in text and rotated not in text
    async with sessionmaker() as session:
        rows = list(await session.scalars(select(AuditEntry).where(AuditEntry.tenant_id == fast_tenant.id)))
    actions = [r.action for r in rows]
    assert {"webhook.created", "webhook.secret_rotated", "webhook.pinged", "webhook.updated"} <= set(actions)
    assert all(secret not in json.dumps(r.details) and rotated not in json.dumps(r.details) for r in rows)


async def test_an_inactive_webhook_is_not_pinged_and_a_pending_delivery_is_not_redelivered(fast_tenant) -> None:
    client = fast_tenant.client(ADMIN)
    with receiving([5.0]) as receiver:
        webhook_id, _ = await create(fast_tenant, receiver.url, ["ping"])
        delivery_id = (await client.execute(PING, {"id": webhook_id})).ok()["pingWebhook"]["id"]
        pending = await client.execute(REDELIVER, {"id": delivery_id})
        assert pending.codes == ["CONFLICT"] and "PENDING" in pending.body["errors"][0]["message"]
        await wait_finished(fast_tenant, webhook_id, delivery_id)
    (await client.execute(UPDATE, {"id": webhook_id, "input": {"active": False}})).ok()
    answer = await client.execute(PING, {"id": webhook_id})
    assert answer.codes == ["CONFLICT"] and "inactive" in answer.body["errors"][0]["message"]
    assert len(await deliveries(fast_tenant, webhook_id)) == 1


async def test_the_delivery_log_pages_newest_first(fast_tenant) -> None:
    client = fast_tenant.client(ADMIN)
    with receiving() as receiver:
        webhook_id, _ = await create(fast_tenant, receiver.url, ["ping"])
        made = [(await client.execute(PING, {"id": webhook_id})).ok()["pingWebhook"]["id"] for _ in range(3)]
        await receiver.wait_for(3)
    first = (await client.execute(DELIVERIES, {"id": webhook_id, "first": 2})).ok()["webhookDeliveries"]
    assert [e["node"]["id"] for e in first["edges"]] == made[::-1][:2] and first["pageInfo"]["hasNextPage"]
    rest = (
        await client.execute(DELIVERIES, {"id": webhook_id, "first": 2, "after": first["pageInfo"]["endCursor"]})
    ).ok()["webhookDeliveries"]
    assert [e["node"]["id"] for e in rest["edges"]] == made[:1] and not rest["pageInfo"]["hasNextPage"]


async def test_the_list_shows_each_webhooks_newest_delivery(fast_tenant) -> None:
    client = fast_tenant.client(ADMIN)
    query = "{ webhooks { id lastDelivery { id event } } }"
    with receiving() as receiver:
        pinged, _ = await create(fast_tenant, receiver.url, ["ping"])
        quiet, _ = await create(fast_tenant, receiver.url, ["deployment.live"])
        made = [(await client.execute(PING, {"id": pinged})).ok()["pingWebhook"]["id"] for _ in range(2)]
        await receiver.wait_for(2)
    listed = {w["id"]: w["lastDelivery"] for w in (await client.execute(query)).ok()["webhooks"]}
    assert listed[pinged] == {"id": made[-1], "event": "ping"}
    assert listed[quiet] is None
