// Deployments: an ML engineer deploys a validated version to staging from its version page and
// watches the rollout reach LIVE with an endpoint; the model's deployments page and the shadow
// report show it, at desktop and phone sizes. The model is uploaded through the API first.
import assert from "node:assert/strict";
import { gql, tokenFor, until, uploadModel } from "../api.mjs";
import { newPage, shot, signIn } from "../browser.mjs";
import { makeOnnx } from "../onnx.mjs";

const VERSION = `query Version($id: ID!) { modelVersion(id: $id) { status model { id } } }`;

export async function deployAVersionToStagingAndWatchItGoLive({ stack, browser }) {
  const token = await tokenFor(stack.url, "mle@demo");
  const name = `e2e-deploy-${Date.now()}`;
  const versionId = await uploadModel(stack.url, token, makeOnnx(`${name}.onnx`), name);
  const { modelVersion } = await until(async () => {
    const data = await gql(stack.url, token, VERSION, { id: versionId });
    assert.notEqual(data.modelVersion.status, "VALIDATION_FAILED");
    return data.modelVersion.status === "VALIDATED" && data;
  }, 90, "validation");
  const modelId = modelVersion.model.id;

  const page = await newPage(browser, stack.url);
  await signIn(page, "mle@demo", `/models/versions/${encodeURIComponent(versionId)}`);
  await page.getByRole("heading", { name: "Deployments" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Promote to production" }).count(), 0); // admins only, once approved
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
  await shot(page, "shadow-report");
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
