// Compare versions (issue 18): an ML engineer ticks two versions of a model and sees them side by
// side — card, metrics, validation, where each serves and its share, shadow agreement — with the
// differing rows marked; the comparison's address survives a reload and opens in a new tab and on
// a phone. The version page's "Download model" fetches a freshly signed link and the file's bytes
// match the card's SHA-256. The scene (versions, deployments, a scoring run) is set through the API.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { gql, registerModel, tokenFor, until, uploadVersion } from "../api.mjs";
import { newPage, shot, signIn } from "../browser.mjs";
import { makeSmallOnnx } from "../onnx.mjs";

const VERSION = `query Version($id: ID!) { modelVersion(id: $id) { status sha256 } }`;
const CARD = `mutation Card($id: ID!, $input: ModelCardInput!) { updateModelCard(versionId: $id, input: $input) { id } }`;
const DEPLOY = `mutation Deploy($input: DeployModelVersionInput!) { deployModelVersion(input: $input) { id } }`;
const DEPLOYMENT = `query Deployment($id: ID!) { deployment(id: $id) { status message } }`;
const SUBMIT = `mutation Submit($id: ID!) { submitForApproval(versionId: $id, comment: "e2e compare") { id } }`;
const APPROVE = `mutation Approve($id: ID!) { approveModelVersion(id: $id, comment: "e2e compare") { id } }`;
const SHADOW = `mutation Shadow($id: ID!) { setModelVersionStage(versionId: $id, stage: SHADOW) { id } }`;
const ASSETS = `query Assets { assets(search: "P-101") { edges { node { id name } } } }`;
const SCORE = `mutation Score($input: StartScoringRunInput!) { startScoringRun(input: $input) { id } }`;
const RUN = `query Run($id: ID!) { scoringRun(id: $id) { status message } }`;

async function validated(url, token, id) {
  return until(async () => {
    const { modelVersion: v } = await gql(url, token, VERSION, { id });
    assert.notEqual(v.status, "VALIDATION_FAILED");
    return v.status === "VALIDATED" && v;
  }, 120, "validation");
}

async function deployed(url, token, versionId, environment) {
  const { deployModelVersion: d } = await gql(url, token, DEPLOY, { input: { versionId, environment, strategy: "DIRECT" } });
  await until(async () => {
    const { deployment } = await gql(url, token, DEPLOYMENT, { id: d.id });
    assert.ok(!["FAILED", "ROLLED_BACK"].includes(deployment.status), deployment.message);
    return deployment.status === "LIVE";
  }, 120, `${environment.toLowerCase()} LIVE`);
}

/** The row of the comparison whose header is `label`, and its cells' text. */
async function cells(page, label) {
  const row = page.locator("table.compare tr", { has: page.getByRole("rowheader", { name: label }) });
  return { row, texts: await row.getByRole("cell").allInnerTexts() };
}

async function fitsTheScreen(page, name) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${name} is ${scroll}px wide on a ${width}px screen`);
  await shot(page, `${name}-phone`);
}

export async function compareTwoVersionsSideBySideThenDownloadOne({ stack, browser }) {
  const { url } = stack;
  const [mle, admin] = [await tokenFor(url, "mle@demo"), await tokenFor(url, "admin@demo")];
  const name = `e2e-compare-${Date.now()}`;
  const modelId = await registerModel(url, mle, name);
  const v1 = await uploadVersion(url, mle, makeSmallOnnx(`${name}-1.onnx`, { seed: 1 }), modelId);
  const v2 = await uploadVersion(url, mle, makeSmallOnnx(`${name}-2.onnx`, { seed: 2 }), modelId);
  const { sha256 } = await validated(url, mle, v1);
  await validated(url, mle, v2);
  await gql(url, mle, CARD, { id: v1, input: { metrics: { auc: 0.81 }, intendedUse: "Pump health score" } });
  await gql(url, mle, CARD, { id: v2, input: { metrics: { auc: 0.86, f1: 0.7 }, intendedUse: "Pump health score" } });
  // v1 serves production, v2 runs as its shadow, and one scoring run compares them.
  await deployed(url, mle, v1, "STAGING");
  await gql(url, mle, SUBMIT, { id: v1 });
  await gql(url, admin, APPROVE, { id: v1 });
  await deployed(url, admin, v1, "PRODUCTION");
  await gql(url, mle, SHADOW, { id: v2 });
  const { assets } = await gql(url, mle, ASSETS);
  const to = new Date(Math.floor(Date.now() / 60e3) * 60e3);
  const input = { modelName: name, assetId: assets.edges[0].node.id, from: new Date(to - 3600e3).toISOString(), to: to.toISOString() };
  const { startScoringRun: run } = await gql(url, mle, SCORE, { input });
  await until(async () => {
    const { scoringRun } = await gql(url, mle, RUN, { id: run.id });
    assert.notEqual(scoringRun.status, "FAILED", scoringRun.message);
    return scoringRun.status === "SUCCEEDED";
  }, 120, "the scoring run");

  const page = await newPage(browser, url);
  await signIn(page, "mle@demo", `/models/${encodeURIComponent(modelId)}`);
  await page.getByRole("checkbox", { name: "Compare v1" }).check();
  await page.getByRole("checkbox", { name: "Compare v2" }).check();
  await shot(page, "compare-pick");
  await page.getByRole("button", { name: "Compare 2 versions" }).click();
  await page.waitForURL(/\/compare\?versions=1,2$/);
  const deepLink = page.url();
  await page.getByRole("table", { name: new RegExp(`${name}: v1, v2 side by side`) }).waitFor();
  const heading = page.getByRole("heading", { level: 1 });
  assert.equal(await heading.innerText(), `Compare versions of ${name}`);

  const sha = await cells(page, /SHA-256/);
  assert.equal(sha.texts[0], sha256);
  assert.match(await sha.row.getAttribute("class"), /differs/);
  assert.deepEqual((await cells(page, /^auc/)).texts, ["0.8100", "0.8600 (+6.2%)"]);
  assert.deepEqual((await cells(page, /^f1/)).texts, ["—", "0.7000"]);
  const intended = await cells(page, "Intended use");
  assert.deepEqual(intended.texts, ["Pump health score", "Pump health score"]);
  assert.equal(await intended.row.getAttribute("class"), null); // the same on both: not marked
  assert.deepEqual((await cells(page, /^Production/)).texts, ["LIVE · 100%", "—"]);
  assert.deepEqual((await cells(page, /^Shadow( differs)?$/)).texts, ["—", "sees production's requests"]);
  const agreement = (await cells(page, /^Agreement with production/)).texts;
  assert.equal(agreement[0], "production in this run");
  assert.match(agreement[1], /^\d+\.\d%$/);
  assert.deepEqual((await cells(page, /^Security findings/)).texts, ["none", "none"]);
  await shot(page, "compare");

  await page.getByRole("checkbox", { name: "Show only differences" }).check();
  assert.equal(await page.getByRole("rowheader", { name: "Intended use" }).count(), 0);
  await page.getByRole("rowheader", { name: /SHA-256/ }).waitFor();
  await shot(page, "compare-differences");

  // The choice lives in the address: a reload and a new tab show the same comparison, signed in.
  await page.reload();
  await page.getByRole("table", { name: /v1, v2 side by side/ }).waitFor();
  assert.equal(page.url(), deepLink);
  const tab = await page.context().newPage();
  await tab.goto(deepLink);
  await tab.getByRole("table", { name: /v1, v2 side by side/ }).waitFor();
  assert.equal(await tab.getByLabel("Email").count(), 0);
  await tab.close();

  // The version page's download: a link signed on click, the file the card describes.
  await page.getByRole("columnheader", { name: "v1" }).getByRole("link").click();
  await page.getByRole("heading", { name: new RegExp(`${name} v1`) }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: `Download ${name} v1 (.onnx)` }).click(),
  ]);
  const bytes = await readFile(await download.path());
  assert.equal(createHash("sha256").update(bytes).digest("hex"), sha256);
  assert.equal(download.suggestedFilename(), `${name}-v1.onnx`);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const phone = await newPage(browser, url, { width: 390, height: 844 });
  await signIn(phone, "mle@demo", new URL(deepLink).pathname + new URL(deepLink).search);
  await phone.getByRole("table", { name: /v1, v2 side by side/ }).waitFor();
  await fitsTheScreen(phone, "compare");
  // The field names stay in view while the versions scroll sideways inside the table.
  const wrap = phone.locator(".compare-wrap");
  await wrap.evaluate((el) => el.scrollBy(400, 0));
  await shot(phone, "compare-phone-scrolled");
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
}
