// Setting the scene through the API (what a notebook would do), so a journey spends its browser
// time on the part of the app it is about.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";

export async function tokenFor(url, email, password = "slipway") {
  const r = await fetch(`${url}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: email, password }),
  });
  const body = await r.json();
  if (!body.access_token) throw new Error(`no token for ${email}: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function answer(r) {
  const body = await r.json();
  if (body.errors?.length) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export async function gql(url, token, query, variables = {}) {
  const r = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return answer(r);
}

export async function registerModel(url, token, name) {
  const data = await gql(url, token, `mutation Register($name: String!) { registerModel(name: $name) { id } }`, { name });
  return data.registerModel.id;
}

/** Upload an .onnx file as the model's next version (multipart request); returns the version id. */
export async function uploadVersion(url, token, path, modelId) {
  const query = `mutation Upload($file: Upload!, $modelId: ID!) {
    uploadModelVersion(file: $file, modelId: $modelId, description: "e2e deployments") { version { id } }
  }`;
  const form = new FormData();
  form.append("operations", JSON.stringify({ query, variables: { file: null, modelId } }));
  form.append("map", JSON.stringify({ 0: ["variables.file"] }));
  form.append("0", new Blob([await readFile(path)]), basename(path));
  const r = await fetch(`${url}/graphql`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  return (await answer(r)).uploadModelVersion.version.id;
}

/** Poll until `read()` returns something truthy (the journeys' own waits are in the browser). */
export async function until(read, seconds, what) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${what} did not happen in ${seconds}s`);
}
