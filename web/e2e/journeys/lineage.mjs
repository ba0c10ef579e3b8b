// Lineage: a label set frozen on the labeling page and a version uploaded the way a notebook does (naming
// an export and that set) show as a graph on the version page, each node a link; an admin downloads the
// signed dossier and the offline verifier accepts it, on a desktop and a phone.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gql, registerModel, tokenFor, until } from "../api.mjs";
import { newPage, shot, signIn } from "../browser.mjs";
import { makeSmallOnnx } from "../onnx.mjs";
import { repo } from "../stack.mjs";

async function uploadTrainedOn(url, token, path, modelId, trainedOn) {
  const query = `mutation Upload($file: Upload!, $modelId: ID!, $trainedOn: TrainingDataInput) {
    uploadModelVersion(file: $file, modelId: $modelId, trainedOn: $trainedOn) { version { id version } }
  }`;
  const form = new FormData();
  form.append("operations", JSON.stringify({ query, variables: { file: null, modelId, trainedOn } }));
  form.append("map", JSON.stringify({ 0: ["variables.file"] }));
  form.append("0", new Blob([await readFile(path)]), "model.onnx");
  const r = await fetch(`${url}/graphql`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  const body = await r.json();
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data.uploadModelVersion.version;
}

export async function lineageGraphLinksItsNodesAndTheDossierVerifiesOffline({ stack, browser }) {
  const url = stack.url;
  const scientist = await tokenFor(url, "ds@demo");
  // What the notebook trained on: an hour of the first demo asset, and the demo's labelled cases.
  const { assets } = await gql(url, scientist, `{ assets(first: 1) { edges { node { id name } } } }`);
  const asset = assets.edges[0].node;
  const to = new Date(Date.now() - 3600_000);
  const asked = await gql(url, scientist, `mutation($a: ID!, $f: DateTime!, $t: DateTime!, $k: String!) {
    exportHistory(assetId: $a, from: $f, to: $t, idempotencyKey: $k) { id } }`,
  { a: asset.id, f: new Date(to.getTime() - 3600_000).toISOString(), t: to.toISOString(), k: `e2e-lineage-${Date.now()}` });
  const exportId = asked.exportHistory.id;
  await until(async () => (await gql(url, scientist, `query($id: ID!) { historyExport(id: $id) { status } }`, { id: exportId }))
    .historyExport.status === "SUCCEEDED", 120, "the export");
  // The label set is frozen on the labeling page, as a data scientist would.
  const setName = `e2e-masks-${Date.now()}`;
  const labeling = await newPage(browser, url);
  await signIn(labeling, "ds@demo", "/labeling");
  const sets = labeling.getByRole("region", { name: "Label sets" });
  await sets.getByLabel("Name").fill(setName);
  await sets.getByRole("button", { name: "Freeze every labelled case" }).click();
  await sets.getByRole("cell", { name: setName }).waitFor();
  await labeling.getByText(new RegExp(`Label set ${setName} frozen: \\d+ cases`)).waitFor();
  await sets.scrollIntoViewIfNeeded();
  await shot(labeling, "label-set-frozen");
  assert.equal(await sets.getByRole("button", { name: /^Delete label set/ }).count(), 0); // scientists do not delete
  await labeling.context().close();
  const listed = await gql(url, scientist, `{ labelSets(first: 20) { edges { node { id name caseCount } } } }`);
  const made = { createLabelSet: listed.labelSets.edges.map((e) => e.node).find((n) => n.name === setName) };
  assert.ok(made.createLabelSet.caseCount > 0);
  const name = `e2e-lineage-${Date.now()}`;
  const modelId = await registerModel(url, scientist, name);
  const version = await uploadTrainedOn(url, scientist, makeSmallOnnx("e2e-lineage.onnx"), modelId,
    { exportIds: [exportId], labelSetIds: [made.createLabelSet.id] });

  const admin = await newPage(browser, url);
  await signIn(admin, "admin@demo", `/models/versions/${encodeURIComponent(version.id)}`);
  const panel = admin.getByRole("region", { name: "Lineage" });
  await panel.waitFor();
  const graph = panel.getByRole("group", { name: `Lineage of ${name} v${version.version}` });
  await graph.waitFor();
  await panel.getByRole("link", { name: new RegExp(`^Asset: ${asset.name}`) }).waitFor();
  await panel.getByRole("link", { name: new RegExp(`^Label set: ${setName}`) }).waitFor();
  await panel.getByRole("link", { name: /^Export: \d{4}-\d\d-\d\d \d\d:\d\d UTC, 60 min/ }).waitFor();
  await panel.scrollIntoViewIfNeeded();
  await shot(admin, "lineage-graph");

  // The signed dossier downloads and the offline verifier accepts it.
  const [download] = await Promise.all([
    admin.waitForEvent("download"),
    panel.getByRole("button", { name: "Download the signed dossier" }).click(),
  ]);
  const saved = join(repo, "web", "e2e", "screenshots", "e2e-dossier.json");
  await download.saveAs(saved);
  await panel.getByRole("status").filter({ hasText: "verify_dossier.py" }).waitFor();
  const verdict = execFileSync(join(repo, ".venv", "bin", "python"), [join(repo, "examples", "verify_dossier.py"), saved], { encoding: "utf8" });
  assert.match(verdict, /^OK: dossier of /);

  // A node is a link to its page.
  await panel.getByRole("link", { name: /^Export: / }).click();
  await admin.waitForURL(/\/exports$/);
  await admin.goBack();
  await panel.waitFor();

  // Viewers see the graph, not the dossier button; on a phone the graph scrolls sideways inside its panel.
  const viewer = await newPage(browser, url, { width: 390, height: 844 });
  await signIn(viewer, "viewer@demo", `/models/versions/${encodeURIComponent(version.id)}`);
  const theirs = viewer.getByRole("region", { name: "Lineage" });
  await theirs.getByRole("group").waitFor();
  assert.equal(await theirs.getByRole("button", { name: "Download the signed dossier" }).count(), 0);
  const overflow = await viewer.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page itself scrolls sideways by ${overflow}px`);
  await theirs.scrollIntoViewIfNeeded();
  await shot(viewer, "lineage-phone");
  assert.deepEqual([...admin.problems, ...viewer.problems], []);
  await admin.context().close();
  await viewer.context().close();
}
