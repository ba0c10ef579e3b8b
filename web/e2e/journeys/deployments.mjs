// Deployments: an ML engineer deploys a validated version to staging from its version page and
// watches the rollout reach LIVE with an endpoint; an admin promotes a version to production as a
// canary and watches the split move; a version goes to shadow and a scoring run compares it with
// production. Models are uploaded (and approved) through the API: their UI has its own journey.
import assert from "node:assert/strict";
import { gql, registerModel, tokenFor, until, uploadVersion } from "../api.mjs";
import { newPage, shot, signIn } from "../browser.mjs";
import { makeOnnx, makeSmallOnnx } from "../onnx.mjs";

const VERSION = `query Version($id: ID!) { modelVersion(id: $id) { status model { id } } }`;
const DEPLOY = `mutation Deploy($input: DeployModelVersionInput!) { deployModelVersion(input: $input) { id } }`;
const DEPLOYMENT = `query Deployment($id: ID!) { deployment(id: $id) { status message } }`;
const SUBMIT = `mutation Submit($id: ID!) { submitForApproval(versionId: $id, comment: "e2e") { id } }`;
const APPROVE = `mutation Approve($id: ID!) { approveModelVersion(id: $id, comment: "e2e") { id } }`;

/** The same page on a narrow phone: nothing wider than the screen. */
async function fitsAPhone(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300); // charts redraw at the new width
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${name} is ${scroll}px wide on a ${width}px screen`);
  await shot(page, `${name}-phone`);
}

async function validated(url, token, versionId) {
  const data = await until(async () => {
    const d = await gql(url, token, VERSION, { id: versionId });
    assert.notEqual(d.modelVersion.status, "VALIDATION_FAILED");
    return d.modelVersion.status === "VALIDATED" && d;
  }, 120, "validation");
  return data.modelVersion.model.id;
}

async function deployed(url, token, versionId, environment, strategy = "DIRECT") {
  const { deployModelVersion: d } = await gql(url, token, DEPLOY, { input: { versionId, environment, strategy } });
  await until(async () => {
    const { deployment } = await gql(url, token, DEPLOYMENT, { id: d.id });
    assert.ok(!["FAILED", "ROLLED_BACK"].includes(deployment.status), deployment.message);
    return deployment.status === "LIVE";
  }, 120, `${environment.toLowerCase()} LIVE`);
}

export async function deployAVersionToStagingAndWatchItGoLive({ stack, browser }) {
  const token = await tokenFor(stack.url, "mle@demo");
  const name = `e2e-deploy-${Date.now()}`;
  const versionId = await uploadVersion(stack.url, token, makeOnnx(`${name}.onnx`), await registerModel(stack.url, token, name));
  const modelId = await validated(stack.url, token, versionId);

  const page = await newPage(browser, stack.url);
  await signIn(page, "mle@demo", `/models/versions/${encodeURIComponent(versionId)}`);
  await page.getByRole("heading", { name: "Deployments" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Promote to production" }).count(), 0); // admins only, once approved
  await page.getByText(/Only admins promote to production \(your role is ml engineer\)/).waitFor(); // and it says so
  await page.getByRole("button", { name: "Deploy to staging" }).click();
  await page.getByRole("link", { name: "follow it" }).click();
  await page.getByRole("heading", { name: `${name} v1 in staging` }).waitFor();
  const staging = page.getByRole("region", { name: "Staging" });
  // Live, no reload: the rollout worker loads the version on the model server and switches the route.
  await staging.getByText("LIVE", { exact: true }).first().waitFor({ timeout: 120000 });
  const endpoint = await staging.locator(".endpoint code").innerText();
  assert.match(endpoint, new RegExp(`/v2/models/${name}-staging/infer$`));
  await staging.getByRole("img", { name: "Staging traffic: v1 100%" }).waitFor();
  await shot(page, "deployment-staging-live");

  await page.getByRole("link", { name: `${name} deployments` }).click();
  await page.getByRole("region", { name: "Staging" }).getByRole("img", { name: "Staging traffic: v1 100%" }).waitFor();
  await page.getByRole("region", { name: "Production" }).getByText("Nothing is serving production.").waitFor();
  await page.getByRole("link", { name: "v1 → staging" }).waitFor();
  await shot(page, "model-deployments");
  await page.getByRole("link", { name: "Shadow report" }).click();
  await page.getByRole("heading", { name: `${name} shadow report` }).waitFor();
  await page.getByText("No scoring runs yet.").waitFor();
  await shot(page, "shadow-report-empty");
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const phone = await newPage(browser, stack.url, { width: 390, height: 844 });
  await signIn(phone, "mle@demo", `/models/${encodeURIComponent(modelId)}/deployments`);
  await phone.getByRole("img", { name: "Staging traffic: v1 100%" }).waitFor();
  const [scroll, width] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `the deployments page is ${scroll}px wide on a ${width}px screen`);
  await shot(phone, "model-deployments-phone");
  await phone.context().close();
}

export async function promoteACanaryThenScoreAShadowAgainstProduction({ stack, browser }) {
  const { url } = stack;
  const [mle, admin] = [await tokenFor(url, "mle@demo"), await tokenFor(url, "admin@demo")];
  const name = `e2e-canary-${Date.now()}`;
  // v1 serves production (direct), v2 is approved and live in staging, v3 will be the shadow.
  const modelId = await registerModel(url, mle, name);
  const versions = [];
  for (const seed of [1, 2, 3]) {
    const id = await uploadVersion(url, mle, makeSmallOnnx(`${name}-${seed}.onnx`, { seed }), modelId);
    await validated(url, mle, id);
    versions.push(id);
  }
  const [v1, v2, v3] = versions;
  for (const v of [v1, v2]) {
    await deployed(url, mle, v, "STAGING");
    await gql(url, mle, SUBMIT, { id: v });
    await gql(url, admin, APPROVE, { id: v });
    if (v === v1) await deployed(url, admin, v1, "PRODUCTION"); // while v1 is the one LIVE in staging
  }

  const page = await newPage(browser, url);
  await signIn(page, "admin@demo", `/models/versions/${encodeURIComponent(v2)}`);
  await page.getByRole("radio", { name: /Canary/ }).check();
  await page.getByLabel(/Canary steps/).fill("50, 100");
  await page.getByRole("button", { name: "Promote to production" }).click();
  // Moving production's traffic asks first, and says what will happen.
  const promote = page.getByRole("alertdialog", { name: "Promote v2 to production?" });
  await promote.getByText(`v2 gets 50%, then 100% of production traffic on ${name}-production`).waitFor();
  await shot(page, "promote-confirm");
  await promote.getByRole("button", { name: "Promote v2 to production" }).click();
  await page.getByRole("link", { name: "follow it" }).click();
  const production = page.getByRole("region", { name: "Production" });
  // The split moves live: half to the canary while v1 keeps the rest, then all of it.
  await production.getByRole("img", { name: "Production traffic: v2 (new) 50%, v1 50%" }).waitFor({ timeout: 60000 });
  await shot(page, "deployment-canary");
  await production.getByRole("img", { name: "Production traffic: v2 100%" }).waitFor({ timeout: 90000 });
  await production.getByText("LIVE", { exact: true }).first().waitFor();
  await page.getByText(/Canary step 2 of 2/).first().waitFor();
  await shot(page, "deployment-production-live");
  await fitsAPhone(page, "deployment-production-live");
  await page.setViewportSize({ width: 1280, height: 900 });

  // Roll v2 back: the dialog names what happens; afterwards v2's own page says v1 serves 100 %,
  // not "Nothing is serving production".
  await production.getByRole("button", { name: "Roll back production v2" }).click();
  const back = page.getByRole("alertdialog", { name: "Roll back production v2?" });
  await back.getByText(`Production goes back to v1: v2 stops answering ${name}-production`).waitFor();
  await back.getByLabel("Reason for the rollback").fill("e2e: error rate doubled");
  await back.getByRole("button", { name: "Roll back production v2" }).click();
  await page.getByText(/^Rolling back production v2: /).waitFor();
  await production.getByRole("img", { name: "Production traffic: v1 100%" }).waitFor({ timeout: 90000 });
  await production.getByText("v1 answers 100% of production traffic.").waitFor();
  assert.equal(await production.getByText(/Nothing is serving/).count(), 0);
  await shot(page, "deployment-rolled-back");

  // Retire asks first and names the endpoint that would stop answering; Escape leaves it serving.
  await production.getByRole("button", { name: "Retire production v1" }).click();
  const retire = page.getByRole("alertdialog", { name: "Retire production v1?" });
  await retire.getByText(`${name}-production will stop answering: v1 serves 100% of production traffic now`).waitFor();
  await retire.getByRole("button", { name: `Retire ${name}-production` }).waitFor();
  await shot(page, "retire-confirm");
  await page.keyboard.press("Escape");
  await retire.waitFor({ state: "detached" });
  await production.getByRole("img", { name: "Production traffic: v1 100%" }).waitFor();

  await production.getByRole("link", { name: "v2", exact: true }).click(); // the token lives in memory: no reload
  await page.getByRole("region", { name: "Serving now" }).getByRole("img", { name: "Production traffic: v1 100%" }).waitFor();
  await shot(page, "version-after-rollback");
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const eng = await newPage(browser, url);
  await signIn(eng, "mle@demo", `/models/versions/${encodeURIComponent(v3)}`);
  await eng.getByRole("button", { name: "Move v3 to shadow" }).click();
  await eng.getByRole("button", { name: "Take v3 out of shadow" }).waitFor();
  await eng.getByRole("link", { name: "all deployments of this model" }).click();
  const shadow = eng.getByRole("region", { name: "Shadow" });
  await shadow.getByRole("link", { name: "v3" }).waitFor();
  await shadow.locator(".endpoint code").waitFor();
  await shot(eng, "model-deployments-shadow");
  await eng.getByRole("link", { name: "Shadow report" }).click();
  await eng.getByLabel(/^Asset/).selectOption({ label: "P-101" });
  await eng.getByRole("button", { name: "Start scoring run" }).click();
  const form = eng.getByRole("region", { name: "Start a scoring run" });
  await form.getByText("SUCCEEDED", { exact: true }).waitFor({ timeout: 120000 }); // followed live
  await eng.getByRole("img", { name: /Predictions per window, latest finished run: production: \d+ points; shadow v3/ }).waitFor();
  await eng.getByRole("img", { name: /Agreement with production over time: shadow v3: 1 point\b/ }).waitFor();
  await shot(eng, "shadow-report");
  await fitsAPhone(eng, "shadow-report");
  assert.deepEqual(eng.problems, []);
  await eng.context().close();
}
