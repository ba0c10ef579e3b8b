// @vitest-environment node
// (jsdom hands Node's WebCrypto a Uint8Array from another realm; browsers have one realm.)
import { challengeFor } from "./pkce";

test("the S256 challenge matches RFC 7636's example", async () => {
  expect(await challengeFor("dBjftJeZ4CVP-mJ92IZwHqMTrS7WQ6W4ZVNd1zlIhwY")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
});
