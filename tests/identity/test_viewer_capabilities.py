"""`me` says what the viewer's role may do, so the web app shows only the actions the server allows."""

from __future__ import annotations

from backend.identity.roles import Role

FLAGS = (
    "canManageUsers canReadAuditLog canDecideApprovals canUploadModels canExportHistory canManageCases canLabel "
    "canManageWebhooks canDeploy"
)
ME = f"query {{ me {{ role {FLAGS} }} }}"

# Written out by hand (not derived from GRANTS) so a changed grant shows up here as a decision.
EXPECTED = {
    Role.ADMIN: set(FLAGS.split()),
    Role.ML_ENGINEER: {"canUploadModels", "canExportHistory", "canManageCases", "canLabel", "canDeploy"},
    Role.DATA_SCIENTIST: {"canUploadModels", "canExportHistory"},
    Role.LABELER: {"canLabel"},
    Role.VIEWER: set(),
}


async def test_each_role_sees_exactly_its_capabilities(tenant) -> None:
    for role, expected in EXPECTED.items():
        me = (await tenant.client(role).execute(ME)).ok()["me"]
        granted = {flag for flag in FLAGS.split() if me[flag]}
        assert granted == expected, role
