// Charts as a Grafana user reads them: round ticks, dates where the day changes, the timezone
// named and switchable (and remembered), a crosshair by mouse and keyboard, failure episodes
// drawn, the range in the URL (relative or absolute) surviving a reload, a wrong range caught;
// and the shadow report's per-window chart with the scored asset's episode and its crosshair.
import assert from "node:assert/strict";
import { gql, registerModel, tokenFor, until, uploadVersion } from "../api.mjs";
import { shot, signIn } from "../browser.mjs";
import { makeSmallOnnx } from "../onnx.mjs";

/** A page whose browser lives in Amsterdam, so local time and UTC differ by an hour. */
async function amsterdamPage(browser, url, viewport) {
  const context = await browser.newContext({ baseURL: url, viewport, timezoneId: "Europe/Amsterdam", locale: "en-GB" });
  return watched(await context.newPage());
}

/** Collects the page's errors, as newPage in browser.mjs does. */
function watched(page) {
  page.setDefaultTimeout(20000);
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && page.problems.push(`console: ${m.text()}`));
  return page;
}

/** Every value tick of the first chart is a multiple of one step of 1, 2 or 5 × 10^n. */
async function assertRoundValueTicks(page) {
  const texts = await page.locator(".value-axis").first().locator("text").allTextContents();
  const values = texts.map((t) => Number(t.replace(/,/g, "")));
  assert.ok(values.length >= 3 && values.every(Number.isFinite), `value ticks: ${texts}`);
  const step = Math.abs(values[1] - values[0]);
  const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  assert.ok([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6), `step ${step} of ${texts} is not 1, 2 or 5 × 10^n`);
  for (const v of values) assert.ok(Math.abs(v / step - Math.round(v / step)) < 1e-6, `${v} is not a multiple of ${step}`);
}

async function openAsset(page) {
  await signIn(page, "ds@demo", "/assets");
  await page.getByRole("link", { name: "P-101" }).click();
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  return new URL(page.url()).pathname;
}

export async function chartsReadLikeGrafana({ stack, browser }) {
  const page = await amsterdamPage(browser, stack.url, { width: 1280, height: 900 });
  const path = await openAsset(page);
  // A relative range in the URL: the preset writes it, and a reload keeps it.
  await page.getByRole("button", { name: "Last 7 days" }).click();
  await page.waitForURL(/from=now-7d&to=now/);
  await page.getByText(/^Last 7 days · /).waitFor();
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  await page.reload();
  await page.getByText(/^Last 7 days · /).waitFor();
  assert.match(page.url(), /from=now-7d&to=now/);
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  await assertRoundValueTicks(page);
  // Seven days step by whole days at local midnight: every label is a date, not a time every 33.6 h.
  const days = await page.locator(".time-axis").first().locator("text").allTextContents();
  assert.ok(days.length >= 4, `time ticks: ${days}`);
  for (const label of days.filter((l) => !/^\d{4}$/.test(l))) assert.match(label, /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}$/);
  // Local time by default, named; the episodes of the demo pump are shaded and listed.
  await page.getByRole("button", { name: "Local", exact: true, pressed: true }).waitFor();
  assert.match(await page.getByTestId("zone-caption").innerText(), /local time, Europe\/Amsterdam \(UTC\+1\)/);
  const episodes = await page.locator(".chart .episode").count();
  assert.ok(episodes > 0, "the demo pump's failure episodes are drawn on a 7-day chart");
  await page.getByText(/failure episodes? in this range/).click();
  await shot(page, "charts-asset-7d-local");

  // Hover: a crosshair and the values at that time on every chart.
  const chart = page.getByRole("img", { name: /points/ }).first();
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.locator(".crosshair").first().waitFor();
  const readouts = await page.locator(".chart-readout").allInnerTexts();
  assert.ok(readouts.length >= 2 && readouts.every((r) => /UTC\+1 · avg .* · min .* · max /.test(r)), readouts.join("\n"));
  await shot(page, "charts-crosshair");

  // UTC: the axis and the readout follow, and the choice outlives a reload.
  await page.getByRole("button", { name: "UTC", exact: true }).click();
  await page.getByRole("button", { name: "UTC", exact: true, pressed: true }).waitFor();
  assert.equal(await page.getByTestId("zone-caption").innerText(), "UTC");
  await page.reload();
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  await page.getByRole("button", { name: "UTC", exact: true, pressed: true }).waitFor();
  assert.match(await page.getByText(/^Last 7 days · /).innerText(), / UTC → .* UTC/);

  // The keyboard reaches the crosshair too.
  await page.getByRole("img", { name: /points/ }).first().focus();
  await page.keyboard.press("End");
  assert.match(await page.locator(".chart-readout").first().innerText(), /UTC · avg /);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Escape");
  assert.match(await page.locator(".chart-readout").first().innerText(), /Hover, or focus the chart/);

  // Last night across midnight (UTC), absolute in the URL: hours on round ticks, today's date under 00:00.
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const [from, to] = [new Date(midnight - 6 * 3600e3).toISOString(), new Date(+midnight + 6 * 3600e3).toISOString()];
  const today = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(midnight);
  await page.goto(`${path}?from=${from}&to=${to}`);
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  const hours = await page.locator(".time-axis").first().locator("text").allTextContents();
  assert.ok(hours.includes("00:00") && hours.includes(today), `ticks across midnight: ${hours}`);
  assert.ok(hours.filter((h) => /^\d\d:\d\d$/.test(h)).every((h) => /:00$/.test(h)), `hour ticks: ${hours}`);
  await shot(page, "charts-midnight-utc");

  // An inverted range typed in is refused before any query, in the chosen timezone.
  await page.getByLabel("From", { exact: true }).fill(`${from.slice(0, 10)}T08:00`.replace(from.slice(0, 10), to.slice(0, 10)));
  await page.getByRole("button", { name: "Show" }).click();
  const alert = await page.getByRole("alert").innerText();
  assert.match(alert, /^The range is inverted: From \(.*08:00 UTC\) is after To \(.*06:00 UTC\)\. Swap them/);
  assert.equal(new URL(page.url()).searchParams.get("from"), from);
  await shot(page, "charts-inverted-range");

  // A pasted absolute link in a new tab shows the same minutes.
  const tab = watched(await page.context().newPage());
  await tab.goto(`${stack.url}${path}?from=${from}&to=${to}`);
  await tab.getByTestId("range-summary").filter({ hasText: /, 18:00 UTC → .*, 06:00 UTC/ }).waitFor();
  // The export panel below reads the same range in the same zone, not the browser's own (UTC+1 here).
  assert.match(await tab.getByTestId("export-range").innerText(), /, 18:00 UTC → .*, 06:00 UTC$/);
  assert.deepEqual([...page.problems, ...tab.problems], []);
  await page.context().close();
}

export async function chartsOnAPhone({ stack, browser }) {
  const page = await amsterdamPage(browser, stack.url, { width: 390, height: 844 });
  await openAsset(page);
  const url = new URL(page.url());
  await page.goto(`${url.pathname}?from=now-24h&to=now`);
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `the asset page is ${scroll}px wide on a ${width}px screen`);
  await assertRoundValueTicks(page);
  const labels = await page.locator(".time-axis").first().locator("text").allTextContents();
  assert.ok(labels.length >= 3 && labels.length <= 7, `a phone has room for a few time ticks: ${labels}`);
  // No two labels on one line of the axis run into each other.
  const boxes = await page.locator(".time-axis").first().locator("text").evaluateAll((els) =>
    els.map((e) => { const r = e.getBoundingClientRect(); return { text: e.textContent, left: r.left, right: r.right, top: Math.round(r.top) }; }));
  for (const a of boxes) {
    for (const b of boxes) {
      if (a !== b && a.top === b.top) assert.ok(a.right <= b.left || b.right <= a.left, `"${a.text}" overlaps "${b.text}"`);
    }
  }
  // A tap reads the values like a hover does.
  const chart = page.getByRole("img", { name: /points/ }).first();
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.locator(".crosshair").first().waitFor();
  await shot(page, "charts-phone");
  await page.reload();
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  assert.match(page.url(), /from=now-24h&to=now/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
}

const SHADOW_SCENE = {
  version: `query Version($id: ID!) { modelVersion(id: $id) { status } }`,
  deploy: `mutation Deploy($input: DeployModelVersionInput!) { deployModelVersion(input: $input) { id } }`,
  deployment: `query Deployment($id: ID!) { deployment(id: $id) { status message } }`,
  submit: `mutation Submit($id: ID!) { submitForApproval(versionId: $id, comment: "e2e charts") { id } }`,
  approve: `mutation Approve($id: ID!) { approveModelVersion(id: $id, comment: "e2e charts") { id } }`,
  shadow: `mutation Shadow($id: ID!) { setModelVersionStage(versionId: $id, stage: SHADOW) { id } }`,
  episodes: `query Episodes($from: DateTime!) { assets(search: "P-101") { edges { node { id events(from: $from) { startsAt endsAt } } } } }`,
  score: `mutation Score($input: StartScoringRunInput!) { startScoringRun(input: $input) { id } }`,
  run: `query Run($id: ID!) { scoringRun(id: $id) { status message } }`,
};

/** v1 serves production, v2 shadows it, and one scoring run covers P-101's latest failure episode. */
async function shadowScene(url) {
  const q = SHADOW_SCENE;
  const [mle, admin] = [await tokenFor(url, "mle@demo"), await tokenFor(url, "admin@demo")];
  const name = `e2e-charts-${Date.now()}`;
  const modelId = await registerModel(url, mle, name);
  const versions = [];
  for (const seed of [1, 2]) {
    const id = await uploadVersion(url, mle, makeSmallOnnx(`${name}-${seed}.onnx`, { seed }), modelId);
    await until(async () => {
      const { modelVersion: v } = await gql(url, mle, q.version, { id });
      assert.notEqual(v.status, "VALIDATION_FAILED");
      return v.status === "VALIDATED";
    }, 120, "validation");
    versions.push(id);
  }
  const live = async (token, versionId, environment) => {
    const { deployModelVersion: d } = await gql(url, token, q.deploy, { input: { versionId, environment, strategy: "DIRECT" } });
    await until(async () => {
      const { deployment } = await gql(url, token, q.deployment, { id: d.id });
      assert.ok(!["FAILED", "ROLLED_BACK"].includes(deployment.status), deployment.message);
      return deployment.status === "LIVE";
    }, 120, `${environment} LIVE`);
  };
  await live(mle, versions[0], "STAGING");
  await gql(url, mle, q.submit, { id: versions[0] });
  await gql(url, admin, q.approve, { id: versions[0] });
  await live(admin, versions[0], "PRODUCTION");
  await gql(url, mle, q.shadow, { id: versions[1] });
  const { assets } = await gql(url, mle, q.episodes, { from: new Date(Date.now() - 7 * 86400e3).toISOString() });
  const asset = assets.edges[0].node;
  const episode = asset.events.at(-1);
  assert.ok(episode, "the demo pump has a failure episode in the last 7 days");
  const [a, b] = [Date.parse(episode.startsAt), Date.parse(episode.endsAt)];
  const minute = (t) => new Date(Math.floor(t / 60e3) * 60e3).toISOString();
  const input = { modelName: name, assetId: asset.id, from: minute(a - 2 * 3600e3), to: minute(Math.min(b + 2 * 3600e3, Date.now() - 60e3)) };
  const { startScoringRun: run } = await gql(url, mle, q.score, { input });
  await until(async () => {
    const { scoringRun } = await gql(url, mle, q.run, { id: run.id });
    assert.notEqual(scoringRun.status, "FAILED", scoringRun.message);
    return scoringRun.status === "SUCCEEDED";
  }, 120, "the scoring run");
  return modelId;
}

export async function chartsOnTheShadowReport({ stack, browser }) {
  const modelId = await shadowScene(stack.url);
  const page = await amsterdamPage(browser, stack.url, { width: 1280, height: 900 });
  await signIn(page, "mle@demo", `/models/${encodeURIComponent(modelId)}/shadow`);
  const chart = page.getByRole("img", { name: /Predictions per window, latest finished run: production: \d+ points; shadow v2/ });
  await chart.waitFor();
  const figure = page.locator("figure", { has: chart });
  // The run covers the episode: it is shaded on the chart and named above it.
  await figure.getByText(/^Shaded: the asset's failure episode/).waitFor();
  assert.ok((await figure.locator(".episode").count()) >= 1);
  const values = (await figure.locator(".value-axis text").allTextContents()).map(Number);
  const step = values[1] - values[0];
  assert.ok(values.every((v) => Math.abs(v / step - Math.round(v / step)) < 1e-6), `value ticks ${values}`);
  // The crosshair reads production and the shadow at one window, by mouse and by keyboard.
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  assert.match(await figure.locator(".chart-readout").innerText(), /UTC\+1 ·\s+production -?[\d.,]+ ·\s+shadow v2 -?[\d.,]+/);
  await shot(page, "charts-shadow-report");
  await chart.focus();
  await page.keyboard.press("Home");
  assert.match(await figure.locator(".chart-readout").innerText(), /·\s+production .* ·\s+shadow v2 /);
  // A run this short fits one page: no pager, and nothing was cut.
  assert.equal(await page.getByRole("navigation", { name: "Windows of the run" }).count(), 0);
  await page.setViewportSize({ width: 390, height: 844 });
  await chart.scrollIntoViewIfNeeded();
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `the shadow report is ${scroll}px wide on a ${width}px screen`);
  await shot(page, "charts-shadow-report-phone");
  assert.deepEqual(page.problems, []);
  await page.context().close();
}
