// Assets: search, the chart with zoom, an export followed live to its CSV, My exports.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { newPage, shot, signIn } from "../browser.mjs";

export async function exportHistoryAndDownloadTheCsv({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await signIn(page, "ds@demo", "/assets");
  await page.getByRole("link", { name: "P-101" }).waitFor();
  await shot(page, "assets");
  await page.getByLabel(/Search by name/).fill("Antwerp");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/q=Antwerp/);
  await page.getByRole("link", { name: "P-101" }).waitFor({ state: "detached" });
  await page.getByRole("link", { name: "C-201" }).waitFor();
  await page.goto("/assets"); // a reload keeps the session (the refresh cookie): no sign-in form
  await page.getByRole("link", { name: "P-101" }).click();
  assert.equal(await page.getByLabel("Email").count(), 0);
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  const before = await page.getByText(/Buckets of/).innerText();
  await shot(page, "asset");
  await page.getByRole("button", { name: "Last 6 h" }).click();
  await page.waitForFunction((b) => !document.body.innerText.includes(b), before.split(" ·")[0]);
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  await page.getByRole("button", { name: "Export CSV" }).click();
  const link = page.getByRole("link", { name: "Download CSV" });
  await link.waitFor({ timeout: 60000 });
  await shot(page, "asset-export-done");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const csv = await readFile(await download.path(), "utf8");
  const [header, ...rows] = csv.trim().split("\n");
  assert.equal(header, "tag,ts,value,quality");
  assert.ok(rows.length > 2 * 6 * 3600 * 0.9, `expected 6 h of two 1 Hz tags, got ${rows.length} rows`);
  assert.equal(new Set(rows.map((r) => r.split(",")[0])).size, 2); // the two tags the chart showed
  await page.getByRole("link", { name: "My exports" }).click();
  // A button that asks for a freshly signed URL on click: a link would expire while the page stays open.
  await page.getByRole("button", { name: "Download CSV" }).first().waitFor();
  await shot(page, "my-exports");
  assert.deepEqual(page.problems, []);
  await page.context().close();
}
