// The overview (issue 18): each role's home page shows what waits on them, and only that. An admin
// sees versions to decide, with their own submission apart and the four-eyes reason; an ML engineer
// their models with states and the live deployments with share and health; a labeler the cases
// assigned to them; a viewer a sentence, not empty boxes. Desktop and phone, and a reload.
import assert from "node:assert/strict";
import { gql, registerModel, tokenFor, until, uploadVersion } from "../api.mjs";
import { newPage, shot, signIn } from "../browser.mjs";
import { makeSmallOnnx } from "../onnx.mjs";

const STATUS = `query Version($id: ID!) { modelVersion(id: $id) { status } }`;
const SUBMIT = `mutation Submit($id: ID!) { submitForApproval(versionId: $id, comment: "e2e overview") { id } }`;

async function submitted(url, token, name) {
  const id = await uploadVersion(url, token, makeSmallOnnx(`${name}.onnx`), await registerModel(url, token, name));
  await until(async () => {
    const { modelVersion: v } = await gql(url, token, STATUS, { id });
    assert.notEqual(v.status, "VALIDATION_FAILED");
    return v.status === "VALIDATED";
  }, 120, `${name} validated`);
  await gql(url, token, SUBMIT, { id });
  return id;
}

async function fitsAPhone(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${name} is ${scroll}px wide on a ${width}px screen`);
  await shot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

export async function overviewShowsEachRoleWhatWaitsOnThem({ stack, browser }) {
  const { url } = stack;
  const stamp = Date.now();
  const [mle, admin] = [await tokenFor(url, "mle@demo"), await tokenFor(url, "admin@demo")];
  const theirs = `e2e-overview-mle-${stamp}`;
  const own = `e2e-overview-admin-${stamp}`;
  const theirVersion = await submitted(url, mle, theirs);
  await submitted(url, admin, own);

  const page = await newPage(browser, url);
  await signIn(page, "admin@demo", "/");
  const approvals = page.getByRole("region", { name: "Waiting for your decision" });
  await approvals.getByRole("link", { name: `Decide on ${theirs} v1` }).waitFor();
  // The admin's own submission is listed apart, with why they cannot decide it; no Decide link.
  assert.equal(await approvals.getByRole("link", { name: `Decide on ${own} v1` }).count(), 0);
  await approvals.getByRole("link", { name: `${own} v1` }).waitFor();
  await approvals.getByRole("note").getByText(/another admin must decide on (it|them) \(four-eyes rule\)/).waitFor();
  // The demo model serves production; its row says its share and that it is healthy.
  const live = page.getByRole("region", { name: "Live deployments" });
  const production = live.getByRole("row", { name: /^pump-health-production / });
  await production.waitFor();
  assert.match(await production.innerText(), /100%\s+Healthy/);
  await shot(page, "overview-admin");
  await fitsAPhone(page, "overview-admin");

  await page.reload(); // the session and the blocks come back
  await approvals.getByRole("link", { name: `Decide on ${theirs} v1` }).click();
  await page.waitForURL(new RegExp(`/models/versions/${encodeURIComponent(theirVersion)}$`));
  await page.getByRole("button", { name: "Approve" }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const eng = await newPage(browser, url);
  await signIn(eng, "mle@demo", "/");
  const models = eng.getByRole("region", { name: "My models" });
  const row = models.getByRole("row", { name: new RegExp(`^${theirs} `) });
  await row.waitFor();
  assert.match(await row.innerText(), /v1\s+PENDING APPROVAL/);
  // The demo model is theirs too. The block lists 8 of their models by name; after the other journeys
  // (e2e-… models sort first) pump-health is past those 8, and the block must then say there are more.
  // (The block's rows are in: its first row was found above.)
  if ((await models.getByRole("link", { name: "pump-health", exact: true }).count()) === 0) {
    assert.equal((await models.getByRole("row").count()) - 1, 8, "fewer than 8 models listed, and pump-health is not one");
    await models.getByRole("link", { name: "More of your models on the Models page" }).waitFor();
  }
  await eng.getByRole("region", { name: "Live deployments" }).getByRole("row", { name: /^pump-health-staging / }).waitFor();
  await eng.getByRole("region", { name: "Recent exports" }).waitFor();
  assert.equal(await eng.getByRole("region", { name: "Waiting for your decision" }).count(), 0);
  await shot(eng, "overview-ml-engineer");
  await fitsAPhone(eng, "overview-ml-engineer");
  assert.deepEqual(eng.problems, []);
  await eng.context().close();

  const labeler = await newPage(browser, url, { width: 390, height: 844 });
  await signIn(labeler, "labeler@demo", "/");
  const cases = labeler.getByRole("region", { name: "Cases assigned to me" });
  await cases.getByRole("link", { name: /Phantom/ }).first().waitFor();
  assert.equal(await labeler.getByRole("region").count(), 1); // nothing else is theirs to act on
  await shot(labeler, "overview-labeler-phone");
  await cases.getByRole("link", { name: /Phantom/ }).first().click();
  await labeler.getByRole("toolbar", { name: "Mask tools" }).waitFor();
  assert.deepEqual(labeler.problems, []);
  await labeler.context().close();

  const viewer = await newPage(browser, url);
  await signIn(viewer, "viewer@demo", "/");
  await viewer.getByRole("note").getByText(/Nothing here waits on your role \(viewer\): it reads\./).waitFor();
  assert.equal(await viewer.getByRole("region").count(), 0);
  await shot(viewer, "overview-viewer");
  assert.deepEqual(viewer.problems, []);
  await viewer.context().close();
}
