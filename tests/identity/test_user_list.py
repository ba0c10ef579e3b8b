"""The user list (admins): by email either way, filtered by role or part of the email, paged, bounded."""

from __future__ import annotations

from backend.identity import service as identity
from backend.identity.roles import Role
from backend.kit.db import transaction

USERS = """query($first: Int, $after: String, $order: UserOrder!, $role: Role, $search: String) {
  users(first: $first, after: $after, orderBy: $order, role: $role, search: $search) {
    edges { node { email role } } pageInfo { hasNextPage endCursor }
  }
}"""


async def _walk(client, variables: dict, first: int) -> list[dict]:
    nodes: list[dict] = []
    after = None
    for _ in range(50):
        page = (await client.execute(USERS, {**variables, "first": first, "after": after})).ok()["users"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("the list never ended")


async def _add_labelers(sessionmaker, tenant, count: int) -> list[str]:
    emails = [f"lab{n:03d}_x@{tenant.slug}.test" for n in range(count)]
    async with transaction(sessionmaker) as session:
        row = await identity.ensure_tenant(session, slug=tenant.slug)
        for email in emails:
            await identity.add_user(
                session, None, tenant=row, email=email, role=Role.LABELER, password="a long password"
            )
    return emails


async def test_users_page_past_fifty_by_email_either_way_and_filter(sessionmaker, tenant) -> None:
    added = await _add_labelers(sessionmaker, tenant, 55)
    admin = tenant.client(Role.ADMIN)
    every = [u["email"] for u in await _walk(admin, {"order": "EMAIL"}, first=50)]
    assert every == sorted(added + [u.email for u in tenant.users.values()])
    backwards = [u["email"] for u in await _walk(admin, {"order": "EMAIL_DESC"}, first=50)]
    assert backwards == every[::-1]
    labelers = await _walk(admin, {"order": "EMAIL", "role": "LABELER"}, first=20)
    assert {u["role"] for u in labelers} == {"LABELER"} and len(labelers) == 56
    # `_` and `%` match literally: only the added users have "_x@".
    found = [u["email"] for u in await _walk(admin, {"order": "EMAIL_DESC", "search": "0_X@"}, first=3)]
    assert found == sorted(e for e in added if "0_x@" in e)[::-1] and len(found) == 6


async def test_bad_user_list_arguments_get_coded_sentences(tenant) -> None:
    admin = tenant.client(Role.ADMIN)
    first = (await admin.execute(USERS, {"order": "EMAIL", "first": 1})).ok()["users"]["pageInfo"]["endCursor"]
    other_order = await admin.execute(USERS, {"order": "EMAIL_DESC", "first": 1, "after": first})
    assert other_order.codes == ["BAD_USER_INPUT"]
    assert "starts again without `after`" in other_order.body["errors"][0]["message"]
    long = await admin.execute(USERS, {"order": "EMAIL", "search": "x" * 321})
    assert long.codes == ["BAD_USER_INPUT"] and "at most 320" in long.body["errors"][0]["message"]
    assert (await admin.execute(USERS, {"order": "EMAIL", "first": 0})).codes == ["BAD_USER_INPUT"]
    assert (await admin.execute(USERS, {"order": "EMAIL", "role": "OWNER"})).codes == ["BAD_USER_INPUT"]


async def test_only_admins_list_users(tenant, other_tenant) -> None:
    for role in Role:
        if role is Role.ADMIN:
            continue
        answer = await tenant.client(role).execute(USERS, {"order": "EMAIL", "role": "ADMIN"})
        assert answer.codes == ["FORBIDDEN"], role
    # Another tenant's admin sees only their own users, whatever the filter.
    theirs = await _walk(other_tenant.client(Role.ADMIN), {"order": "EMAIL", "search": tenant.slug}, first=10)
    assert theirs == []
