"""Deliveries as a receiver sees them: signed, retried with backoff, logged, FAILED after the last attempt."""

from __future__ import annotations

import asyncio
import json

import dramatiq
from sqlalchemy import text

from backend.kit import ids
from backend.kit.db import transaction
from backend.webhooks.signature import verify
from tests.support.webhooks import (
    ADMIN,
    FAST,
    MAX_ATTEMPTS,
    PING,
    REDELIVER,
    TIMEOUT_SECONDS,
    create,
    deliveries,
    wait_finished,
)
from tests.webhooks.receiver import receiving


async def _ping(tenant, webhook_id: str) -> str:
    return (await tenant.client(ADMIN).execute(PING, {"id": webhook_id})).ok()["pingWebhook"]["id"]


async def test_a_receiver_verifies_the_signature_with_the_secret_from_createWebhook(fast_tenant) -> None:
    with receiving() as receiver:
        webhook_id, secret = await create(fast_tenant, receiver.url, ["deployment.live"])
        assert secret.startswith("whsec_") and len(secret) > 40
        delivery_id = await _ping(fast_tenant, webhook_id)
        [request] = await receiver.wait_for(1)
    assert request.path == "/hooks/slipway"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == "Slipway-Webhooks/1"
    assert request.headers["x-slipway-event"] == "ping"
    assert request.headers["x-slipway-delivery"] == delivery_id
    header = request.headers["x-slipway-signature"]
    assert verify(secret, request.body, header)
    assert not verify(secret, request.body.replace(b"Hello", b"Hallo"), header)
    assert not verify(secret + "x", request.body, header)
    timestamp = int(header.split(",")[0].removeprefix("t="))
    assert not verify(secret, request.body, header, now=timestamp + 301)  # a replay after the window
    body = json.loads(request.body)
    assert body["id"] == delivery_id and body["event"] == "ping" and body["tenant"] == fast_tenant.slug
    assert body["data"] == {"message": "Hello from Slipway."} and body["createdAt"]
    done = await wait_finished(fast_tenant, webhook_id, delivery_id)
    assert done["status"] == "SUCCEEDED" and done["attempts"] == 1 and done["lastResponseCode"] == 200
    assert done["requestBody"].encode() == request.body


async def test_a_receiver_failing_twice_gets_three_attempts_and_the_delivery_succeeds(fast_tenant) -> None:
    with receiving([500, 500, 200]) as receiver:
        webhook_id, secret = await create(fast_tenant, receiver.url, ["deployment.failed"])
        delivery_id = await _ping(fast_tenant, webhook_id)
        done = await wait_finished(fast_tenant, webhook_id, delivery_id)
        requests = list(receiver.requests)
    assert done["status"] == "SUCCEEDED"
    assert done["attempts"] == 3 and done["lastResponseCode"] == 200 and done["lastError"] is None
    assert [a["number"] for a in done["attemptLog"]] == [1, 2, 3]
    assert [a["responseCode"] for a in done["attemptLog"]] == [500, 500, 200]
    assert done["attemptLog"][0]["error"] == "HTTP 500: receiver says no"
    assert len(requests) == 3
    assert {r.headers["x-slipway-delivery"] for r in requests} == {delivery_id}
    assert {r.body for r in requests} == {done["requestBody"].encode()}
    assert all(verify(secret, r.body, r.headers["x-slipway-signature"]) for r in requests)


async def test_a_dead_receiver_ends_failed_after_the_last_attempt(fast_tenant) -> None:
    with receiving() as receiver:
        url = receiver.url  # the port is closed once the block ends: nothing listens there
    webhook_id, _ = await create(fast_tenant, url, ["deployment.failed"])
    delivery_id = await _ping(fast_tenant, webhook_id)
    done = await wait_finished(fast_tenant, webhook_id, delivery_id)
    assert done["status"] == "FAILED" and done["attempts"] == MAX_ATTEMPTS
    assert done["lastResponseCode"] is None and "Connect" in done["lastError"]
    assert done["nextAttemptAt"] is None and done["finishedAt"]
    assert [a["number"] for a in done["attemptLog"]] == list(range(1, MAX_ATTEMPTS + 1))


async def test_a_receiver_that_does_not_answer_in_time_is_retried(fast_tenant) -> None:
    with receiving([TIMEOUT_SECONDS + 3.0, 204]) as receiver:
        webhook_id, _ = await create(fast_tenant, receiver.url, ["deployment.failed"])
        delivery_id = await _ping(fast_tenant, webhook_id)
        done = await wait_finished(fast_tenant, webhook_id, delivery_id)
    assert done["status"] == "SUCCEEDED" and done["attempts"] == 2
    first, second = done["attemptLog"]
    assert first["responseCode"] is None and first["error"] == f"No complete answer within {TIMEOUT_SECONDS:g} s."
    assert second["responseCode"] == 204


async def test_a_redirect_is_not_followed(fast_tenant) -> None:
    with receiving([302, 302, 302]) as receiver:
        webhook_id, _ = await create(fast_tenant, receiver.url, ["deployment.failed"])
        delivery_id = await _ping(fast_tenant, webhook_id)
        done = await wait_finished(fast_tenant, webhook_id, delivery_id)
        assert len(receiver.requests) == MAX_ATTEMPTS
    assert done["status"] == "FAILED" and done["lastResponseCode"] == 302
    assert "not followed" in done["lastError"]


async def test_redeliver_sends_the_event_again_as_a_new_delivery(fast_tenant) -> None:
    with receiving([500, 500, 500, 200]) as receiver:
        webhook_id, secret = await create(fast_tenant, receiver.url, ["deployment.failed"])
        first = await _ping(fast_tenant, webhook_id)
        assert (await wait_finished(fast_tenant, webhook_id, first))["status"] == "FAILED"
        again = (await fast_tenant.client(ADMIN).execute(REDELIVER, {"id": first})).ok()["redeliverWebhook"]
        assert again["redeliveryOfId"] == first and again["id"] != first and again["status"] == "PENDING"
        done = await wait_finished(fast_tenant, webhook_id, again["id"])
        requests = await receiver.wait_for(MAX_ATTEMPTS + 1)
    assert done["status"] == "SUCCEEDED" and done["attempts"] == 1
    old, new = json.loads(requests[0].body), json.loads(requests[-1].body)
    assert new["id"] == again["id"] and requests[-1].headers["x-slipway-delivery"] == again["id"]
    assert (new["event"], new["data"], new["createdAt"]) == (old["event"], old["data"], old["createdAt"])
    assert verify(secret, requests[-1].body, requests[-1].headers["x-slipway-signature"])


async def test_a_repeated_job_of_a_succeeded_delivery_sends_nothing(fast_tenant, sessionmaker) -> None:
    with receiving() as receiver:
        webhook_id, _ = await create(fast_tenant, receiver.url, ["deployment.failed"])
        delivery_id = await _ping(fast_tenant, webhook_id)
        assert (await wait_finished(fast_tenant, webhook_id, delivery_id))["status"] == "SUCCEEDED"
        # The same job again, as a broker redelivering it after a lost ack would hand it out.
        message = dramatiq.Message(
            queue_name=FAST["SLIPWAY_WEBHOOKS_QUEUE"],
            actor_name="webhooks.deliver",
            args=(str(ids.decode("WebhookDelivery", delivery_id)), 1),
            kwargs={},
            options={},
        )
        async with transaction(sessionmaker) as session:
            await session.execute(
                _QUEUE, {"q": message.queue_name, "id": message.message_id, "m": message.encode().decode()}
            )
        async with asyncio.timeout(120):  # acked (deleted) once the fast worker has run it
            while await _queued(sessionmaker, message.message_id):
                await asyncio.sleep(0.3)
        await asyncio.sleep(0.5)
        assert len(receiver.requests) == 1
    [only] = await deliveries(fast_tenant, webhook_id)
    assert only["attempts"] == 1 and only["status"] == "SUCCEEDED"


_QUEUE = text(
    "INSERT INTO dramatiq.queue (queue_name, message_id, state, message, available_at) "
    "VALUES (:q, CAST(:id AS uuid), 'queued', CAST(:m AS jsonb), NOW())"
)


async def _queued(sessionmaker, message_id: str) -> int:
    async with sessionmaker() as session:
        return await session.scalar(
            text("SELECT count(*) FROM dramatiq.queue WHERE message_id = CAST(:id AS uuid)"), {"id": message_id}
        )


async def test_the_session_worker_delivers_with_the_default_settings(tenant, worker) -> None:
    with receiving() as receiver:
        webhook_id, secret = await create(tenant, receiver.url, ["model_version.approved"])
        delivery_id = await _ping(tenant, webhook_id)
        [request] = await receiver.wait_for(1)
        done = await wait_finished(tenant, webhook_id, delivery_id)
    assert done["status"] == "SUCCEEDED" and verify(secret, request.body, request.headers["x-slipway-signature"])
