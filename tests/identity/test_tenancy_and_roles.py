"""Roles are checked in the service layer; another tenant's ids answer like ids that never existed."""

from __future__ import annotations

import uuid

from backend.identity.roles import Role
from backend.kit import ids

USER = "query User($id: ID!) { user(id: $id) { email tenant { slug } } }"
CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id email role } }
"""


async def test_a_foreign_user_id_is_not_found_like_a_missing_one(tenant, other_tenant) -> None:
    admin = other_tenant.client(Role.ADMIN)
    foreign = ids.encode("User", tenant.users[Role.VIEWER].id)
    missing = ids.encode("User", uuid.uuid4())
    foreign_answer = await admin.execute(USER, {"id": foreign})
    missing_answer = await admin.execute(USER, {"id": missing})
    assert foreign_answer.codes == missing_answer.codes == ["NOT_FOUND"]
    assert foreign_answer.body["errors"][0]["message"] == missing_answer.body["errors"][0]["message"]
    assert foreign_answer.data is None


async def test_an_id_of_another_type_or_garbage_is_not_found(tenant) -> None:
    admin = tenant.client(Role.ADMIN)
    for bad in (ids.encode("Ping", tenant.users[Role.VIEWER].id), "%%%", ""):
        assert (await admin.execute(USER, {"id": bad})).codes == ["NOT_FOUND"]


async def test_admin_reads_users_of_their_tenant(tenant) -> None:
    own = ids.encode("User", tenant.users[Role.VIEWER].id)
    user = (await tenant.client(Role.ADMIN).execute(USER, {"id": own})).ok()["user"]
    assert user == {"email": tenant.users[Role.VIEWER].email, "tenant": {"slug": tenant.slug}}


async def test_non_admins_read_only_themselves(tenant) -> None:
    viewer = tenant.client(Role.VIEWER)
    own = ids.encode("User", tenant.users[Role.VIEWER].id)
    someone_else = ids.encode("User", tenant.users[Role.ADMIN].id)
    assert (await viewer.execute(USER, {"id": own})).ok()["user"]["email"] == tenant.users[Role.VIEWER].email
    assert (await viewer.execute(USER, {"id": someone_else})).codes == ["FORBIDDEN"]
    assert (await viewer.execute("query { users { edges { node { email } } } }")).codes == ["FORBIDDEN"]


async def test_only_admins_create_users_and_each_creation_is_audited(tenant) -> None:
    new = {"email": f"new@{tenant.slug}.test", "role": "LABELER", "password": "long-enough"}
    for role in (Role.ML_ENGINEER, Role.DATA_SCIENTIST, Role.LABELER, Role.VIEWER):
        answer = await tenant.client(role).execute(CREATE_USER, {"input": new})
        assert answer.codes == ["FORBIDDEN"], role
    created = (await tenant.client(Role.ADMIN).execute(CREATE_USER, {"input": new})).ok()["createUser"]
    assert created["role"] == "LABELER"
    log = (
        await tenant.client(Role.ADMIN).execute(
            'query { auditLog(action: "user.created", first: 1) { edges { node { actorEmail targetId details } } } }'
        )
    ).ok()["auditLog"]["edges"]
    assert log[0]["node"]["actorEmail"] == tenant.users[Role.ADMIN].email
    assert log[0]["node"]["details"] == {"email": new["email"], "role": "labeler"}


async def test_bad_user_input_names_the_field_and_writes_nothing(tenant) -> None:
    admin = tenant.client(Role.ADMIN)
    bad_email = await admin.execute(CREATE_USER, {"input": {"email": "not-an-email", "role": "VIEWER"}})
    assert bad_email.codes == ["BAD_USER_INPUT"]
    assert bad_email.body["errors"][0]["extensions"]["field"] == "email"
    duplicate = await admin.execute(
        CREATE_USER, {"input": {"email": tenant.users[Role.VIEWER].email, "role": "VIEWER", "password": "long-enough"}}
    )
    assert duplicate.codes == ["CONFLICT"]
    users = (await admin.execute("query { users { edges { node { email } } } }")).ok()["users"]["edges"]
    assert len(users) == len(Role)


async def test_users_page_by_email_with_cursors(tenant) -> None:
    query = (
        "query Users($after: String) { users(first: 2, after: $after) { edges { node { email tenant { slug } } } "
        "pageInfo { hasNextPage endCursor } } }"
    )
    admin, emails, after = tenant.client(Role.ADMIN), [], None
    while True:
        page = (await admin.execute(query, {"after": after})).ok()["users"]
        emails += [e["node"]["email"] for e in page["edges"]]
        assert all(e["node"]["tenant"]["slug"] == tenant.slug for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert emails == sorted(u.email for u in tenant.users.values())
    garbage = await admin.execute(query, {"after": "not-a-cursor"})
    assert garbage.codes == ["BAD_USER_INPUT"] and garbage.body["errors"][0]["extensions"]["field"] == "after"
