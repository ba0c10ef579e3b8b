import { parse } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { GraphQLFailure, SlipwayClient } from "./graphql";

const Upload = parse("mutation Up($file: Upload!, $name: String!) { up(file: $file, name: $name) }") as TypedDocumentNode<{ up: boolean }, { file: File | null; name: string }>;
const Me = parse("query Me { me { id } }") as TypedDocumentNode<{ me: { id: string } }, Record<string, never>>;

class FakeXhr {
  static last: FakeXhr;
  headers: Record<string, string> = {};
  upload = { onprogress: null as ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null = null;
  status = 200;
  responseText = "";
  method = "";
  url = "";
  body: FormData | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    [this.method, this.url] = [method, url];
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {}
  answer(status: number, body: unknown) {
    [this.status, this.responseText] = [status, JSON.stringify(body)];
    this.onload?.();
  }
}

afterEach(() => vi.unstubAllGlobals());

test("an upload follows the GraphQL multipart request spec and reports progress", async () => {
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  const client = new SlipwayClient({ baseUrl: "http://api", getToken: () => "t0k", onUnauthenticated: () => {} });
  const progress: number[] = [];
  const file = new File(["onnx"], "m.onnx");
  const handle = client.upload(Upload, { file: null, name: "churn" }, { file }, (p) => progress.push(p.loaded));
  const xhr = FakeXhr.last;
  expect([xhr.method, xhr.url, xhr.headers.authorization]).toEqual(["POST", "http://api/graphql", "Bearer t0k"]);
  expect(JSON.parse(xhr.body?.get("operations") as string)).toMatchObject({ operationName: "Up", variables: { file: null, name: "churn" } });
  expect(JSON.parse(xhr.body?.get("map") as string)).toEqual({ 0: ["variables.file"] });
  expect((xhr.body?.get("0") as File).name).toBe("m.onnx");
  xhr.upload.onprogress?.({ loaded: 2, total: 4, lengthComputable: true });
  xhr.answer(200, { data: { up: true } });
  await expect(handle.result).resolves.toEqual({ up: true });
  expect(progress).toEqual([2]);
});

test("a 401 reports the server's code and sends the user to sign in", async () => {
  const onUnauthenticated = vi.fn();
  vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(Response.json(
    { errors: [{ message: "The token has expired.", extensions: { code: "UNAUTHENTICATED" } }] }, { status: 401 }))));
  const client = new SlipwayClient({ baseUrl: "http://api", getToken: () => "old", onUnauthenticated });
  const failure = await client.request(Me).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(GraphQLFailure);
  expect(failure).toMatchObject({ code: "UNAUTHENTICATED", message: "The token has expired.", status: 401 });
  expect(onUnauthenticated).toHaveBeenCalledOnce();
});

test("an unreachable server is UNAVAILABLE with a sentence, not a stack trace", async () => {
  vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
  const client = new SlipwayClient({ baseUrl: "http://api", getToken: () => null, onUnauthenticated: () => {} });
  const failure = await client.request(Me).catch((e: unknown) => e);
  expect(failure).toMatchObject({ code: "UNAVAILABLE" });
  expect((failure as GraphQLFailure).message).toMatch(/cannot be reached/);
});
