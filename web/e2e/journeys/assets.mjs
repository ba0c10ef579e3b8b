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
  // The tags the chart shows, with their units, as the checkboxes name them: "bearing_temp (degC)".
  const units = Object.fromEntries(
    (await page.locator("label:has(input[type=checkbox]:checked)").allInnerTexts()).map((t) => /^\s*(\S+)(?:\s*\((.*)\))?\s*$/.exec(t).slice(1).map((x) => x ?? "")),
  );
  assert.equal(Object.keys(units).length, 2, `the chart shows two tags by default: ${JSON.stringify(units)}`);
  const clicked = Date.now();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  // Saved under the asset and the range in UTC, colons left out: P-101_2026-12-07T09-41Z_2026-12-07T15-41Z.csv.
  // "Last 6 h" ends at the next whole minute, so the stamps have no seconds.
  const name = /^P-101_(\d{4}-\d\d-\d\dT\d\d)-(\d\d)Z_(\d{4}-\d\d-\d\dT\d\d)-(\d\d)Z\.csv$/.exec(download.suggestedFilename());
  assert.ok(name, `unexpected file name ${download.suggestedFilename()}`);
  const from = Date.parse(`${name[1]}:${name[2]}Z`);
  const to = Date.parse(`${name[3]}:${name[4]}Z`);
  assert.equal(to - from, 6 * 3600e3, `${download.suggestedFilename()} is not a 6 h range`);
  assert.ok(Math.abs(to - clicked) < 10 * 60e3, `${download.suggestedFilename()} does not end now`);
  const csv = await readFile(await download.path(), "utf8");
  const [header, ...rows] = csv.trim().split(/\r?\n/).map((line) => line.split(","));
  assert.deepEqual(header, ["asset", "tag", "unit", "time", "value", "quality"]);
  assert.ok(rows.length > 2 * 6 * 3600 * 0.9, `expected 6 h of two 1 Hz tags, got ${rows.length} rows`);
  for (const row of [rows[0], rows.at(-1)]) {
    const [asset, tag, unit, time, value, quality] = row;
    assert.equal(asset, "P-101");
    assert.equal(unit, units[tag], `${tag} has the unit ${units[tag]}`);
    // ISO 8601 UTC with milliseconds, inside the range the file is named after.
    assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(time) >= from && Date.parse(time) < to, `${time} is outside the range`);
    assert.ok(Number.isFinite(Number(value)), `value ${value} is not a number`);
    assert.match(quality, /^[012]$/);
  }
  // The chart's two tags, by name, then time.
  assert.deepEqual([...new Set(rows.map((r) => r[1]))], Object.keys(units).sort());
  assert.ok(rows.every((r, i) => i === 0 || r[1] !== rows[i - 1][1] || r[3] > rows[i - 1][3]), "rows are not in time order per tag");
  await page.getByRole("link", { name: "My exports" }).click();
  // A button that asks for a freshly signed URL on click: a link would expire while the page stays open.
  await page.getByRole("button", { name: "Download CSV" }).first().waitFor();
  await shot(page, "my-exports");
  assert.deepEqual(page.problems, []);
  await page.context().close();
}
