// Tables a person scans: sorted and filtered by the server, paged past 50 rows; pages that name
// themselves (title, focus on the heading after a navigation, table captions); the webhook delivery
// log following a ping live with the headers it sent; viewers told which role a page needs; and the
// phone header that keeps its height on a short page.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { gql, tokenFor } from "../api.mjs";
import { newPage, shot, signIn } from "../browser.mjs";

const PREFIX = `tbl${Date.now().toString(36)}`;
let seeded;

/** 55 models and 55 users (labelers) named with PREFIX, once per run: more than two pages of each. */
async function seed(url) {
  seeded ??= (async () => {
    const admin = await tokenFor(url, "admin@demo");
    for (let i = 0; i < 55; i++) {
      const n = String(i).padStart(2, "0");
      await gql(url, admin, `mutation($name: String!) { registerModel(name: $name) { id } }`, { name: `${PREFIX}-m${n}` });
      await gql(url, admin, `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        { input: { email: `${PREFIX}-u${n}@demo`, role: "LABELER", password: "correct horse battery" } });
    }
    return admin;
  })();
  return seeded;
}

async function rows(page) {
  return page.locator("main table tbody tr").count();
}

async function headingHasFocus(page, name) {
  await page.waitForFunction((n) => document.activeElement?.tagName === "H1" && document.activeElement.textContent?.includes(n), name);
  assert.equal(await page.title(), `${name} · Slipway`);
}

export async function tablesSortFilterAndPagePastFifty({ stack, browser }) {
  await seed(stack.url);
  const page = await newPage(browser, stack.url);
  await signIn(page, "admin@demo", `/models?q=${PREFIX}`);
  assert.equal(await page.title(), "Models · Slipway");
  await page.getByRole("table", { name: new RegExp(`Models whose name contains “${PREFIX}”, name, a to z`) }).waitFor();
  assert.equal(await rows(page), 25);
  // Sorted by the server: Z to A starts at the last of all 55, not the last of the first page.
  const modelHead = page.getByRole("columnheader", { name: /Model/ });
  await modelHead.getByRole("button").click();
  await page.waitForURL(/sort=NAME_DESC/);
  await page.getByRole("link", { name: `${PREFIX}-m54` }).waitFor();
  assert.equal(await modelHead.getAttribute("aria-sort"), "descending");
  assert.equal(await page.locator("main table tbody tr").first().locator("a").first().textContent(), `${PREFIX}-m54`);
  await page.getByRole("button", { name: "More" }).click();
  await page.getByRole("link", { name: `${PREFIX}-m29` }).waitFor();
  await page.getByRole("button", { name: "More" }).click();
  await page.getByRole("link", { name: `${PREFIX}-m00` }).waitFor();
  assert.equal(await rows(page), 55);
  assert.equal(await page.getByRole("button", { name: "More" }).count(), 0);
  await shot(page, "tables-models-sorted-paged");

  // Through the menu to Users: the title and the focus follow the new page.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await headingHasFocus(page, "Users");
  const filters = page.getByRole("search", { name: "Filter users" });
  await filters.getByLabel("Role").selectOption("LABELER");
  await filters.getByLabel("Email contains").fill(PREFIX);
  await filters.getByRole("button", { name: "Search" }).click();
  await page.getByRole("table", { name: new RegExp(`Users with the role labeler whose email contains “${PREFIX}”, by email A to Z`) }).waitFor();
  assert.equal(await rows(page), 50);
  await page.getByRole("button", { name: "More" }).click();
  await page.getByRole("cell", { name: `${PREFIX}-u54@demo` }).waitFor();
  assert.equal(await rows(page), 55);
  await page.getByRole("columnheader", { name: /Email/ }).getByRole("button").click();
  await page.waitForURL(/sort=EMAIL_DESC/);
  await page.waitForFunction((p) => document.querySelector("main table tbody tr td")?.textContent === `${p}-u54@demo`, PREFIX);
  await shot(page, "tables-users-filtered");

  // Approvals and the audit log: captions name the tables, the title follows.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await headingHasFocus(page, "Audit log");
  await page.getByRole("table", { name: /Audit log entries, newest first/ }).waitFor();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
  await headingHasFocus(page, "Approvals");
  assert.deepEqual(page.problems, []);
  await page.context().close();
}

export async function tablesTellViewersWhichRoleAPageNeeds({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await signIn(page, "viewer@demo", "/users");
  for (const [path, heading, needs] of [
    ["/users", "Users", "admin"],
    ["/audit", "Audit log", "admin"],
    ["/exports", "My exports", "data scientist, ml engineer or admin"],
    ["/models/upload", "Upload a model", "data scientist, ml engineer or admin"],
  ]) {
    await page.goto(path);
    const note = page.getByRole("note");
    await note.waitFor();
    assert.match(await note.textContent(), new RegExp(`Your role viewer cannot .*; that needs the role ${needs}; ask an admin\\.`));
    assert.equal(await page.locator("main form").count(), 0, `${path} shows a form`);
    assert.equal(await page.getByRole("button", { name: "Try again" }).count(), 0, `${path} offers to try again`);
    assert.equal(await page.title(), `${heading} · Slipway`);
  }
  await shot(page, "tables-viewer-upload-needs-role");
  await page.context().close();
}

/** A receiver on loopback that answers 200 at once and notes when each request came. */
async function receiver() {
  const got = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ at: Date.now(), headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("thanks, got it");
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, got, close: () => new Promise((ok) => server.close(ok)) };
}

const PING_ROWS = "table.deliveries tbody tr:has(button[aria-label*='details of ping'])";

async function followAPing(page, hook, name) {
  await page.locator("table.deliveries").or(page.getByText(/No deliveries yet/)).first().waitFor();
  const before = await page.locator(PING_ROWS).count();
  const sentBefore = hook.got.length;
  await page.getByRole("button", { name: "Send a ping" }).click();
  const deadline = Date.now() + 60000;
  while (hook.got.length === sentBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.ok(hook.got.length > sentBefore, "the worker never sent the ping");
  const received = hook.got.at(-1).at;
  // Nobody reloads: the new row turns "succeeded" by itself, a second or two after the receiver answered.
  await page.waitForFunction(([selector, count]) => {
    const rows = document.querySelectorAll(selector);
    return rows.length === count && rows[0].textContent.includes("succeeded");
  }, [PING_ROWS, before + 1], { timeout: 15000 });
  const lag = Date.now() - received;
  assert.ok(lag < 3000, `the log showed the delivery ${lag} ms after the receiver answered`);
  const row = page.locator(PING_ROWS).first();
  await row.getByRole("button", { name: /Show details of ping/ }).click();
  const headers = page.getByLabel("Request headers of attempt 1").first();
  for (const header of ["Content-Type", "User-Agent", "X-Slipway-Event", "X-Slipway-Delivery", "X-Slipway-Signature"]) {
    await headers.getByText(header, { exact: true }).waitFor();
  }
  const sent = hook.got.at(-1).headers;
  await headers.getByText(sent["x-slipway-signature"], { exact: true }).waitFor();
  await page.getByText("thanks, got it").first().waitFor();
  await shot(page, name);
  return lag;
}

export async function tablesWebhookDeliveryLogIsLiveWithHeaders({ stack, browser }) {
  const hook = await receiver();
  try {
    const admin = await tokenFor(stack.url, "admin@demo");
    const made = await gql(stack.url, admin, `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id } } }`,
      { input: { url: hook.url, events: ["deployment.live"], description: "tables e2e" } });
    const { secret, webhook } = made.createWebhook;
    const page = await newPage(browser, stack.url);
    await signIn(page, "admin@demo", `/webhooks/${encodeURIComponent(webhook.id)}`);
    const lag = await followAPing(page, hook, "tables-webhook-live-delivery");
    console.log(`  webhook log caught up ${lag} ms after the receiver answered`);
    assert.equal(await page.getByText(secret).count(), 0, "the secret is on the page");
    assert.deepEqual(page.problems, []);
    await page.context().close();

    // On a phone: the same log, each delivery a card, nothing wider than the screen.
    const phone = await newPage(browser, stack.url, { width: 390, height: 844 });
    await signIn(phone, "admin@demo", `/webhooks/${encodeURIComponent(webhook.id)}`);
    await followAPing(phone, hook, "tables-webhook-live-delivery-phone");
    const [scroll, width] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `the webhook page is ${scroll}px wide on a ${width}px screen`);
    await phone.context().close();
  } finally {
    await hook.close();
  }
}

export async function tablesOnAPhoneKeepTheHeaderShort({ stack, browser }) {
  await seed(stack.url);
  const page = await newPage(browser, stack.url, { width: 390, height: 844 });
  await signIn(page, "admin@demo", "/approvals");
  // A short page: the header band keeps its own height instead of sharing the screen with <main>.
  await page.getByRole("heading", { name: "Approvals" }).waitFor();
  const band = await page.locator("header.sidebar").boundingBox();
  assert.ok(band.height < 80, `the phone header is ${band.height}px tall on a short page`);
  await shot(page, "tables-approvals-phone");
  // Sort and page on a phone: the Order menu, then More.
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("link", { name: "Models" }).click();
  await headingHasFocus(page, "Models");
  const search = page.getByRole("search");
  await search.getByLabel("Name contains").fill(PREFIX);
  await search.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: `${PREFIX}-m00` }).waitFor();
  await search.getByLabel("Order").selectOption("NAME_DESC");
  await page.getByRole("link", { name: `${PREFIX}-m54` }).waitFor();
  await page.getByRole("button", { name: "More" }).click();
  await page.getByRole("button", { name: "More" }).click();
  await page.getByRole("link", { name: `${PREFIX}-m00` }).waitFor();
  assert.equal(await rows(page), 55);
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `the models list is ${scroll}px wide on a ${width}px screen`);
  await shot(page, "tables-models-phone");
  const headerNow = await page.locator("header.sidebar").boundingBox();
  assert.ok(headerNow.height < 80, `the phone header is ${headerNow.height}px tall`);
  await page.context().close();
}
