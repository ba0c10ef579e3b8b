// Governance (issue 19): the approver reviews the frozen card and its changes; a card edit after submission
// withdraws the request before their eyes; once approved, the gates checklist says what stands between the
// version and production; an admin edits the model's promotion policy and the checklist follows. A viewer sees
// the gates but no policy editor.
import assert from "node:assert/strict";
import { gql, registerModel, tokenFor, until, uploadVersion } from "../api.mjs";
import { newPage, shot, signIn } from "../browser.mjs";
import { makeSmallOnnx } from "../onnx.mjs";

const CARD = `mutation Card($id: ID!, $input: ModelCardInput!) { updateModelCard(versionId: $id, input: $input) { status } }`;
const SUBMIT = `mutation Submit($id: ID!) { submitForApproval(versionId: $id, comment: "e2e governance") { status } }`;
const STATUS = `query Status($id: ID!) { modelVersion(id: $id) { status } }`;

export async function reviewTheFrozenCardSeeAnEditWithdrawItThenGatesAndPolicy({ stack, browser }) {
  const mle = await tokenFor(stack.url, "mle@demo");
  const name = `e2e-governed-${Date.now()}`;
  const modelId = await registerModel(stack.url, mle, name);
  const versionId = await uploadVersion(stack.url, mle, makeSmallOnnx(`${name}.onnx`, { seed: 7 }), modelId);
  await until(async () => (await gql(stack.url, mle, STATUS, { id: versionId })).modelVersion.status === "VALIDATED", 90, "validation");
  await gql(stack.url, mle, CARD, {
    id: versionId,
    input: { intendedUse: "Pump triage", trainingData: "export 7", metrics: { auc: 0.91 }, limitations: "" },
  });
  await gql(stack.url, mle, SUBMIT, { id: versionId });

  // The approver reviews what was frozen: hashes and every field new to this model.
  const admin = await newPage(browser, stack.url);
  await signIn(admin, "admin@demo", `/models/versions/${encodeURIComponent(versionId)}`);
  const review = admin.getByRole("region", { name: "Review" });
  await review.getByText("Changes since the last decision on this model").waitFor();
  await review.getByRole("row", { name: /Metric auc/ }).waitFor();
  await review.getByText(/Waiting for 0 of 1 distinct approval/).waitFor();
  await shot(admin, "governance-review");

  // The engineer edits the card after submission: the request is withdrawn and the page shows what changed.
  const status = await gql(stack.url, mle, CARD, { id: versionId, input: { intendedUse: "Pump triage, night shift only" } });
  assert.equal(status.updateModelCard.status, "VALIDATED");
  const withdrawn = admin.getByRole("alert").filter({ hasText: "Approval request withdrawn" });
  await withdrawn.waitFor({ timeout: 30000 }); // live: the version's status changed under the admin's eyes
  await withdrawn.getByRole("row", { name: /Intended use.*Pump triage.*night shift only/ }).waitFor();
  assert.equal(await admin.getByRole("button", { name: "Approve" }).count(), 0);
  await admin.getByRole("listitem").filter({ hasText: "Request withdrawn" }).waitFor(); // the timeline has it
  await shot(admin, "governance-withdrawn");

  // Submitted again and approved: the checklist shows the gates before production, live.
  await gql(stack.url, mle, SUBMIT, { id: versionId });
  await admin.reload();
  await admin.getByLabel(/Comment/).fill("Reviewed the corrected card");
  await admin.getByRole("button", { name: "Approve" }).click();
  await admin.getByText("APPROVED", { exact: true }).waitFor();
  const gates = admin.getByRole("region", { name: "Promotion gates" });
  await gates.locator('li[data-gate="APPROVAL"][data-passed="true"]').waitFor();
  await gates.locator('li[data-gate="STAGING"][data-passed="false"]').getByText(/no LIVE staging deployment/).waitFor();
  await admin.getByRole("note").filter({ hasText: "Approved card: read-only" }).waitFor();
  await admin.getByRole("button", { name: "Propose a correction" }).waitFor();
  await shot(admin, "governance-gates");

  // The admin gives this model a stricter policy: two approvers, limitations filled, 10 minutes in staging.
  await gates.getByRole("button", { name: "Edit the promotion policy" }).click();
  const editor = admin.getByRole("form", { name: "Model policy" });
  await editor.getByLabel("Distinct approvers needed").fill("0");
  await editor.getByRole("button", { name: "Save the policy" }).click();
  await editor.locator(".field-error").getByText(/between 1 and 10/).waitFor(); // the server's sentence, at the field
  await editor.getByLabel("Distinct approvers needed").fill("2");
  await editor.getByLabel("Limitations").check();
  await editor.getByLabel("LIVE in staging for at least (minutes)").fill("10");
  await editor.getByRole("button", { name: "Save the policy" }).click();
  await editor.getByText("Policy saved.").waitFor();
  await gates.locator('li[data-gate="CARD_FIELDS"][data-passed="false"]').getByText(/limitations/).waitFor();
  await gates.getByText(/this model's own policy: 2 distinct admin approvals/).waitFor();
  await shot(admin, "governance-policy-editor");
  // A security finding blocks production until an admin resolves it.
  await admin.getByRole("button", { name: "Report a finding" }).click();
  const report = admin.getByRole("form", { name: "Report a security finding" });
  await report.getByLabel("Title").fill("Outdated protobuf in the exporter");
  await report.getByRole("button", { name: "Report" }).click();
  await gates.locator('li[data-gate="SECURITY"][data-passed="false"]').getByText(/'Outdated protobuf in the exporter'/).waitFor();
  await shot(admin, "governance-finding-open");
  const resolve = admin.getByRole("form", { name: "Resolve Outdated protobuf in the exporter" });
  await resolve.getByLabel("How it was resolved").fill("Re-exported with protobuf 5");
  await resolve.getByRole("button", { name: "Resolve" }).click();
  await gates.locator('li[data-gate="SECURITY"][data-passed="true"]').waitFor();
  await admin.getByText("Resolved", { exact: false }).filter({ hasText: "Re-exported with protobuf 5" }).waitFor();

  await admin.getByRole("tab", { name: "Tenant default" }).click();
  await admin.getByRole("form", { name: "Tenant default policy" }).waitFor();
  await shot(admin, "governance-policy-tenant-default");

  // A viewer sees the checklist, not the editor.
  const viewer = await newPage(browser, stack.url);
  await signIn(viewer, "viewer@demo", `/models/versions/${encodeURIComponent(versionId)}`);
  await viewer.getByRole("region", { name: "Promotion gates" }).waitFor();
  assert.equal(await viewer.getByRole("button", { name: "Edit the promotion policy" }).count(), 0);
  assert.deepEqual([...admin.problems, ...viewer.problems], []);
  await admin.context().close();
  await viewer.context().close();
}
