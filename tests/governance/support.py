"""GraphQL documents and helpers of the governance tests: cards, approvals, policies, gates."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.identity import service as identity
from backend.identity.models import Tenant
from backend.identity.roles import Role
from backend.identity.tokens import Issuer
from backend.kit.db import transaction
from tests.client import GraphQLClient
from tests.support.tenants import TestTenant

ADMIN, ENG, DS, VIEWER = Role.ADMIN, Role.ML_ENGINEER, Role.DATA_SCIENTIST, Role.VIEWER

REQUEST_FIELDS = """id status requiredApprovals approverRoles approvals cardRevision cardSha256 reportSha256
  fileSha256 frozenCard withdrawnAt withdrawalChanges { field before after }
  changesSinceLastDecision { field before after } decisions { approve comment user { email } }"""
VERSION = f"""query Version($id: ID!) {{ modelVersion(id: $id) {{
  id version status sha256 cardRevision model {{ id name }}
  card {{ intendedUse trainingData metrics limitations editable revision viewerCanEdit viewerCanRevise
         viewerCanApprove viewerCanSubmit }}
  approvalRequest {{ {REQUEST_FIELDS} }}
  approvalHistory {{ id status cardRevision frozenCard }}
}} }}"""
SUBMIT = f"""mutation Submit($id: ID!) {{ submitForApproval(versionId: $id, comment: "please review") {{
  {REQUEST_FIELDS} }} }}"""
APPROVE = f"""mutation Approve($id: ID!, $c: String!) {{ approveModelVersion(id: $id, comment: $c) {{
  {REQUEST_FIELDS} }} }}"""
REJECT = "mutation Reject($id: ID!, $c: String!) { rejectModelVersion(id: $id, comment: $c) { status } }"
CARD = """mutation Card($id: ID!, $input: ModelCardInput!) {
  updateModelCard(versionId: $id, input: $input) { status cardRevision card { intendedUse metrics revision } }
}"""
REVISE = """mutation Revise($id: ID!, $input: ModelCardInput!, $reason: String!) {
  reviseModelCard(versionId: $id, input: $input, reason: $reason) { status cardRevision card { intendedUse } }
}"""
POLICY_FIELDS = """modelId source requiredApprovals approverRoles requireValidation requiredCardFields
  minStagingSeconds shadowMinWindows shadowMinAgreement blockOnOpenFindings viewerCanEdit"""
SET_POLICY = f"""mutation SetPolicy($model: ID, $input: PromotionPolicyInput!) {{
  setPromotionPolicy(modelId: $model, input: $input) {{ {POLICY_FIELDS} }} }}"""
CLEAR_POLICY = f"mutation Clear($model: ID!) {{ clearPromotionPolicy(modelId: $model) {{ {POLICY_FIELDS} }} }}"
POLICY = f"query Policy($model: ID) {{ promotionPolicy(modelId: $model) {{ {POLICY_FIELDS} }} }}"
GATES = """query Gates($id: ID!) { promotionGates(versionId: $id) {
  versionId passed gates { gate title passed reason } policy { source requiredApprovals } } }"""
REPORT_FINDING = """mutation Finding($id: ID!, $title: String!) {
  reportSecurityFinding(versionId: $id, severity: HIGH, title: $title, detail: "found by a scan") { id status } }"""
RESOLVE_FINDING = """mutation Resolve($id: ID!, $r: String!) {
  resolveSecurityFinding(id: $id, resolution: $r) { id status resolution } }"""


async def version(tenant: TestTenant, version_id: str, role: Role = ADMIN) -> dict[str, Any]:
    return (await tenant.client(role).execute(VERSION, {"id": version_id})).ok()["modelVersion"]


async def gates(tenant: TestTenant, version_id: str) -> dict[str, dict]:
    found = (await tenant.client(VIEWER).execute(GATES, {"id": version_id})).ok()["promotionGates"]
    return {g["gate"]: g for g in found["gates"]}


async def set_policy(tenant: TestTenant, model_id: str | None, **fields: Any) -> dict[str, Any]:
    answer = await tenant.client(ADMIN).execute(SET_POLICY, {"model": model_id, "input": fields})
    return answer.ok()["setPromotionPolicy"]


async def another_admin(
    sessionmaker: async_sessionmaker[AsyncSession], issuer: Issuer, tenant: TestTenant
) -> GraphQLClient:
    """A second (third…) admin of the tenant, for N-of-M approvals."""
    email = f"admin-{secrets.token_hex(3)}@{tenant.slug}.test"
    async with transaction(sessionmaker) as session:
        row = await session.get(Tenant, tenant.id)
        assert row is not None
        user = await identity.add_user(
            session, None, tenant=row, email=email, role=Role.ADMIN, password=secrets.token_urlsafe(12)
        )
    token = issuer.issue(user_id=user.id, email=email, tenant=tenant.slug, role=Role.ADMIN.value)
    return GraphQLClient(tenant.base_url, token)
