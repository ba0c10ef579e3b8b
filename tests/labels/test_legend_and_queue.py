"""Label names and colours (the legend), the next case in a labeler's queue, and whom a case may go to."""

from __future__ import annotations

import asyncio

from backend.identity.roles import Role
from backend.kit import ids
from backend.labels import legend
from backend.labels.phantoms import nifti_bytes, phantom
from tests.support.labels import upload

CLASSES = "query($id: ID!) { case(id: $id) { labelValues labelClasses { value name color } } }"
NAME = """
mutation($id: ID!, $names: [LabelNameInput!]!) {
  setCaseLabelNames(id: $id, names: $names) { id labelClasses { value name color } }
}"""
NEXT = "query($after: ID) { nextCase(after: $after) { id title } }"
ASSIGNEES = """
query($first: Int, $after: String) {
  caseAssignees(first: $first, after: $after) { edges { node { email role } } pageInfo { hasNextPage endCursor } }
}"""
ASSIGN = "mutation($id: ID!, $u: ID) { assignCase(id: $id, assigneeId: $u) { id } }"
STATUS = "mutation($id: ID!, $s: CaseStatus!) { setCaseStatus(id: $id, status: $s) { id } }"
CREATE_NAMED = """
mutation($title: String!, $image: Upload!, $values: [Int!], $names: [LabelNameInput!]) {
  createCase(title: $title, image: $image, labelValues: $values, labelNames: $names) {
    id labelClasses { value name color }
  }
}"""


def _user(tenant, role: Role) -> str:
    return ids.encode("User", tenant.users[role].id)


async def test_label_values_have_distinct_colours_and_names_once_given(labeling, tenant) -> None:
    case = await labeling.create_case(with_mask=False)
    before = (await tenant.client(Role.LABELER).execute(CLASSES, {"id": case.id})).ok()["case"]
    assert [c["value"] for c in before["labelClasses"]] == before["labelValues"] == [0, 1, 2, 3, 4, 5, 6, 7]
    assert before["labelClasses"][0] == {"value": 0, "name": None, "color": None}  # background is not drawn
    colours = [c["color"] for c in before["labelClasses"][1:]]
    assert len(set(colours)) == 7 and all(c.startswith("#") and len(c) == 7 for c in colours)
    names = [{"value": 1, "name": " liver "}, {"value": 2, "name": "tumour"}, {"value": 0, "name": "background"}]
    named = (await tenant.client(Role.ML_ENGINEER).execute(NAME, {"id": case.id, "names": names})).ok()
    by_value = {c["value"]: c["name"] for c in named["setCaseLabelNames"]["labelClasses"]}
    assert by_value == {0: "background", 1: "liver", 2: "tumour", 3: None, 4: None, 5: None, 6: None, 7: None}
    # Replacing the list removes what it leaves out.
    again = (
        await tenant.client(Role.ADMIN).execute(NAME, {"id": case.id, "names": [{"value": 3, "name": "cyst"}]})
    ).ok()
    assert {c["value"]: c["name"] for c in again["setCaseLabelNames"]["labelClasses"] if c["name"]} == {3: "cyst"}


def test_a_value_keeps_its_colour_and_the_palette_has_no_repeats() -> None:
    assert len(set(legend.PALETTE)) == len(legend.PALETTE) == 20
    assert legend.color_of(1) == legend.color_of(21) == legend.PALETTE[0]
    assert legend.color_of(0) is None and legend.color_of(-1) in legend.PALETTE


async def test_only_case_managers_name_labels(labeling, tenant) -> None:
    case = await labeling.create_case(with_mask=False)
    for role in (Role.LABELER, Role.VIEWER, Role.DATA_SCIENTIST):
        answer = await tenant.client(role).execute(NAME, {"id": case.id, "names": [{"value": 1, "name": "x"}]})
        assert answer.codes == ["FORBIDDEN"], role


async def test_bad_names_are_refused_with_what_to_fix(labeling, tenant, other_tenant) -> None:
    case = await labeling.create_case(with_mask=False)
    admin = tenant.client(Role.ADMIN)
    cases = {
        "not one of this case's values": [{"value": 9, "name": "x"}],
        "named twice": [{"value": 1, "name": "a"}, {"value": 1, "name": "b"}],
        "1 to 64 printable": [{"value": 1, "name": "   "}],
        "names must differ": [{"value": 1, "name": "Liver"}, {"value": 2, "name": "liver"}],
    }
    cases["1 to 64 printable characters"] = [{"value": 1, "name": "x" * 65}]
    cases["printable characters."] = [{"value": 1, "name": "a\nb"}]
    for sentence, names in cases.items():
        answer = await admin.execute(NAME, {"id": case.id, "names": names})
        assert answer.codes == ["BAD_USER_INPUT"], (names, answer.body)
        assert sentence in answer.body["errors"][0]["message"], answer.body
    # Nothing was kept of the refused lists; another tenant's admin cannot even see the case.
    got = (await admin.execute(CLASSES, {"id": case.id})).ok()["case"]["labelClasses"]
    assert all(c["name"] is None for c in got)
    foreign = await other_tenant.client(Role.ADMIN).execute(NAME, {"id": case.id, "names": []})
    assert foreign.codes == ["NOT_FOUND"]


async def test_a_case_is_created_with_names_and_bad_names_store_nothing(labeling, tenant) -> None:
    ph = phantom((16, 16, 8), seed=2)
    image = {"image": ("image.nii.gz", nifti_bytes(ph.image, ph.affine))}
    token = tenant.users[Role.ADMIN].token
    good = {"title": "named", "values": [0, 1, 2], "names": [{"value": 1, "name": "sphere"}]}
    made = (await upload(tenant.base_url, token, CREATE_NAMED, good, image)).ok()["createCase"]
    assert [c["name"] for c in made["labelClasses"]] == [None, "sphere", None]
    bad = {"title": "bad", "values": [0, 1], "names": [{"value": 5, "name": "x"}]}
    refused = await upload(tenant.base_url, token, CREATE_NAMED, bad, image)
    assert refused.codes == ["BAD_USER_INPUT"] and "(0, 1)" in refused.body["errors"][0]["message"]
    listed = (await tenant.client(Role.ADMIN).execute("{ cases { edges { node { title } } } }")).ok()
    assert [e["node"]["title"] for e in listed["cases"]["edges"]] == ["named"]


async def test_next_case_walks_the_queue_mine_first_then_unassigned_and_wraps(labeling, tenant) -> None:
    me = _user(tenant, Role.LABELER)
    unassigned_old = await labeling.create_case(with_mask=False, seed=1)
    mine = await labeling.create_case(with_mask=False, seed=2, assignee_id=me)
    someone_elses = await labeling.create_case(with_mask=False, seed=3, assignee_id=_user(tenant, Role.ML_ENGINEER))
    done = await labeling.create_case(with_mask=False, seed=4, assignee_id=me)
    unassigned_new = await labeling.create_case(with_mask=False, seed=5)
    admin = tenant.client(Role.ADMIN)
    (await admin.execute(STATUS, {"id": done.id, "s": "DONE"})).ok()
    labeler = tenant.client(Role.LABELER)

    async def after(case_id: str | None) -> str | None:
        got = (await labeler.execute(NEXT, {"after": case_id})).ok()["nextCase"]
        return got["id"] if got else None

    assert await after(None) == mine.id
    assert await after(mine.id) == unassigned_old.id
    assert await after(unassigned_old.id) == unassigned_new.id
    assert await after(unassigned_new.id) == mine.id  # wraps around
    assert await after(done.id) == unassigned_old.id  # from a case outside the queue: the one after its place
    # The ML engineer's own case comes first for them; the labeler never gets it.
    engineer = (await tenant.client(Role.ML_ENGINEER).execute(NEXT)).ok()["nextCase"]
    assert engineer["id"] == someone_elses.id
    assert (await labeler.execute(NEXT, {"after": someone_elses.id})).codes == ["FORBIDDEN"]


async def test_next_case_is_null_when_nothing_else_is_left(labeling, tenant, other_tenant) -> None:
    only = await labeling.create_case(with_mask=False)
    labeler = tenant.client(Role.LABELER)
    assert (await labeler.execute(NEXT, {"after": only.id})).ok()["nextCase"] is None
    assert (await other_tenant.client(Role.LABELER).execute(NEXT)).ok()["nextCase"] is None
    assert (await other_tenant.client(Role.LABELER).execute(NEXT, {"after": only.id})).codes == ["NOT_FOUND"]
    assert (await labeler.execute(NEXT, {"after": "not-an-id"})).codes == ["NOT_FOUND"]  # like any bad id


async def test_case_assignees_lists_who_may_label_for_case_managers_only(tenant, sessionmaker) -> None:
    from backend.identity import service as identity
    from backend.identity.models import Tenant
    from backend.kit.db import transaction

    async with transaction(sessionmaker) as session:
        row = await session.get(Tenant, tenant.id)
        gone = await identity.add_user(
            session, None, tenant=row, email=f"gone@{tenant.slug}.test", role="labeler", password=None
        )
        gone.is_active = False
    expected = sorted(tenant.users[r].email for r in (Role.ADMIN, Role.ML_ENGINEER, Role.LABELER))
    for role in (Role.ADMIN, Role.ML_ENGINEER):
        first = (await tenant.client(role).execute(ASSIGNEES, {"first": 2})).ok()["caseAssignees"]
        rest = (
            await tenant.client(role).execute(ASSIGNEES, {"first": 2, "after": first["pageInfo"]["endCursor"]})
        ).ok()["caseAssignees"]
        emails = [e["node"]["email"] for e in first["edges"] + rest["edges"]]
        assert emails == expected and first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"]
    for role in (Role.LABELER, Role.VIEWER, Role.DATA_SCIENTIST):
        assert (await tenant.client(role).execute(ASSIGNEES)).codes == ["FORBIDDEN"], role
    assert (await tenant.client(Role.ADMIN).execute(ASSIGNEES, {"first": 101})).codes == ["BAD_USER_INPUT"]
    assert (await tenant.client(Role.ADMIN).execute(ASSIGNEES, {"after": "bad"})).codes == ["BAD_USER_INPUT"]


async def test_concurrent_renames_leave_one_whole_list(labeling, tenant) -> None:
    case = await labeling.create_case(with_mask=False)
    lists = [[{"value": 1, "name": f"a{i}"}, {"value": 2, "name": f"b{i}"}] for i in range(6)]
    answers = await asyncio.gather(
        *(tenant.client(Role.ADMIN).execute(NAME, {"id": case.id, "names": names}) for names in lists)
    )
    assert all(a.ok() for a in answers)
    got = (await tenant.client(Role.ADMIN).execute(CLASSES, {"id": case.id})).ok()["case"]["labelClasses"]
    one, two = got[1]["name"], got[2]["name"]
    assert one[1:] == two[1:] and one[0] == "a" and two[0] == "b"  # never half of one list and half of another


async def test_assigned_to_me_lists_only_the_viewers_cases(labeling, tenant) -> None:
    mine = await labeling.create_case(with_mask=False, seed=1, assignee_id=_user(tenant, Role.LABELER))
    await labeling.create_case(with_mask=False, seed=2)
    await labeling.create_case(with_mask=False, seed=3, assignee_id=_user(tenant, Role.ML_ENGINEER))
    query = "query($me: Boolean!, $a: ID) { cases(assignedToMe: $me, assigneeId: $a) { edges { node { id } } } }"
    got = (await tenant.client(Role.LABELER).execute(query, {"me": True})).ok()["cases"]["edges"]
    assert [e["node"]["id"] for e in got] == [mine.id]
    assert (await tenant.client(Role.ADMIN).execute(query, {"me": True})).ok()["cases"]["edges"] == []
    both = await tenant.client(Role.ADMIN).execute(query, {"me": True, "a": _user(tenant, Role.LABELER)})
    assert both.codes == ["BAD_USER_INPUT"] and "not both" in both.body["errors"][0]["message"]
