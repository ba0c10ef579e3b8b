// Monitoring: an ML engineer turns payload logging on for a staging deployment on the model's
// Monitoring tab, traffic reaches the endpoint, and the tab shows the logging rate, the logged
// requests and latency of the version, and no alerts; drift needs a reference and the drift job's
// period, which the page says plainly.
import assert from "node:assert/strict";
import { gql, registerModel, tokenFor, until, uploadVersion } from "../api.mjs";
import { newPage, shot, signIn } from "../browser.mjs";
import { makeSmallOnnx } from "../onnx.mjs";

const VERSION = `query Version($id: ID!) { modelVersion(id: $id) { status model { id } } }`;
const DEPLOY = `mutation Deploy($input: DeployModelVersionInput!) { deployModelVersion(input: $input) { id } }`;
const DEPLOYMENT = `query Deployment($id: ID!) { deployment(id: $id) { status message endpointUrl } }`;

async function infer(endpoint, token) {
  const body = { inputs: [{ name: "x", shape: [1, 4], datatype: "FP32", data: [Math.random(), Math.random(), 0.5, 1] }] };
  const r = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  assert.equal(r.status, 200, await r.text());
  return r.headers.get("x-request-id");
}

export async function watchAModelsLiveTraffic({ stack, browser }) {
  const token = await tokenFor(stack.url, "mle@demo");
  const name = `e2e-monitor-${Date.now()}`;
  const versionId = await uploadVersion(stack.url, token, makeSmallOnnx(`${name}.onnx`), await registerModel(stack.url, token, name));
  const modelId = await until(async () => {
    const { modelVersion } = await gql(stack.url, token, VERSION, { id: versionId });
    assert.notEqual(modelVersion.status, "VALIDATION_FAILED");
    return modelVersion.status === "VALIDATED" && modelVersion.model.id;
  }, 120, "validation");
  const input = { versionId, environment: "STAGING", strategy: "DIRECT" };
  const { deployModelVersion: d } = await gql(stack.url, token, DEPLOY, { input });
  const endpoint = await until(async () => {
    const { deployment } = await gql(stack.url, token, DEPLOYMENT, { id: d.id });
    assert.ok(!["FAILED", "ROLLED_BACK"].includes(deployment.status), deployment.message);
    return deployment.status === "LIVE" && deployment.endpointUrl;
  }, 120, "staging LIVE");
  const page = await newPage(browser, stack.url);
  await signIn(page, "mle@demo", `/models/${encodeURIComponent(modelId)}`);
  await page.getByRole("link", { name: "Monitoring" }).click();
  await page.getByRole("heading", { name: `${name} monitoring` }).waitFor();
  await page.getByText("Payload logging is off for this deployment.").waitFor();
  const controls = page.getByRole("region", { name: "Payload logging and reference" });
  await controls.getByRole("spinbutton", { name: /Log this share/ }).fill("100");
  await controls.getByRole("button", { name: "Save" }).click();
  await page.getByText("Logging 100 % of requests.").waitFor();
  await page.getByText(/No reference window chosen yet/).waitFor();
  // The model server re-reads the rates every SLIPWAY_PAYLOAD_TARGETS_SECONDS: once it logs, it names the request.
  await until(async () => (await infer(endpoint, token)) !== null, 60, "payload logging on the model server");
  for (let i = 0; i < 30; i++) await infer(endpoint, token);
  const traffic = page.getByRole("table", { name: "Logged requests per version" });
  const row = traffic.getByRole("row", { name: new RegExp(`${name}-v1`) });
  await until(async () => {
    await page.reload();
    // The model server writes its batch up to SLIPWAY_PAYLOAD_FLUSH_SECONDS after the request: a reload
    // before that shows "No logged requests", so that is "not yet", not a 20 s wait for the table.
    await traffic.or(page.getByText("No logged requests in this range.")).waitFor();
    if ((await traffic.count()) === 0) return false;
    const count = Number((await row.getByRole("cell").nth(1).innerText()).trim());
    return count >= 31;
  }, 30, "the logged requests on the page");
  await page.getByRole("img", { name: /Latency P50 and P95 \(ms\)/ }).waitFor();
  await page.getByText("No alerts: every feature is within its thresholds.").waitFor();
  await page.getByText("No drift figures in this range yet.").waitFor();
  await shot(page, "monitoring-traffic");
  assert.deepEqual(page.problems, []);
  await page.context().close();
}
