// Models: upload (with a server validation error first), watch VALIDATED live, submit as an ML
// engineer, see the admin's queue update live, approve as the admin.
import assert from "node:assert/strict";
import { newPage, shot, signIn } from "../browser.mjs";
import { makeOnnx } from "../onnx.mjs";

export async function uploadAModelWatchItValidateSubmitAndApproveAsAnotherUser({ stack, browser }) {
  const onnx = makeOnnx();
  const admin = await newPage(browser, stack.url);
  await signIn(admin, "admin@demo", "/approvals");
  await admin.getByRole("heading", { name: "Approvals" }).waitFor();

  const mle = await newPage(browser, stack.url);
  await signIn(mle, "mle@demo", "/models/upload");
  await mle.getByLabel(/Model file/).setInputFiles(onnx);
  await mle.getByRole("button", { name: "Upload" }).click(); // no name: the server says what is wrong
  const nameError = mle.locator("label", { hasText: "Name" }).locator(".field-error");
  await nameError.waitFor();
  await shot(mle, "model-upload-error");
  const name = `e2e-linear-${Date.now()}`;
  await mle.getByLabel("Name").fill(name);
  await mle.getByLabel("Description").fill("End-to-end test model");
  await mle.getByRole("button", { name: "Upload" }).click();
  await mle.waitForURL(/\/models\/versions\//);
  await mle.getByText("VALIDATED", { exact: true }).waitFor({ timeout: 60000 }); // live, no reload
  await mle.getByText("PASSED").first().waitFor();
  await shot(mle, "model-version-validated");
  await mle.getByLabel("Comment for the approver").fill("Ready for staging");
  await mle.getByRole("button", { name: "Submit for approval" }).click();
  await mle.getByText("PENDING APPROVAL", { exact: true }).waitFor();
  assert.equal(await mle.getByRole("button", { name: "Approve" }).count(), 0); // the server says: not theirs to decide

  const row = admin.getByRole("link", { name: `${name} v1`, exact: true });
  await admin.getByRole("link", { name: `Decide on ${name} v1` }).waitFor(); // another admin may decide it
  await row.waitFor(); // the queue updated live
  await shot(admin, "approvals");
  await row.click();
  await admin.getByLabel(/Comment/).fill("Looks good");
  await admin.getByRole("button", { name: "Approve" }).click();
  await admin.getByText("APPROVED", { exact: true }).waitFor();
  // The decision's comment shows twice: quoted in the timeline, and on the review's approver line.
  await admin.getByText("“Looks good”", { exact: true }).waitFor();
  await admin.getByText(/^Approved by admin@demo .* — “Looks good”$/).waitFor();
  await shot(admin, "model-version-approved");
  await mle.getByText("APPROVED", { exact: true }).waitFor(); // the submitter's page follows live

  await mle.goto("/models"); // a full page load keeps the session: no sign-in form
  await mle.getByRole("link", { name }).waitFor();
  await shot(mle, "models");
  assert.deepEqual([...admin.problems, ...mle.problems], []);
  await admin.context().close();
  await mle.context().close();

  // A viewer's deep link to the upload page: why they cannot, instead of a form that would fail.
  const viewer = await newPage(browser, stack.url);
  await signIn(viewer, "viewer@demo", "/models/upload");
  await viewer.getByRole("note").filter({ hasText: /^Your role viewer cannot upload models; that needs the role data scientist, ml engineer or admin; ask an admin\.$/ }).waitFor();
  assert.equal(await viewer.getByRole("button", { name: "Upload" }).count(), 0);
  assert.equal(await viewer.getByRole("button", { name: "Try again" }).count(), 0);
  await shot(viewer, "model-upload-viewer");
  await viewer.context().close();
}
