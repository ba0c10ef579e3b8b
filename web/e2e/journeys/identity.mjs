// Sign-in, the 401 round trip, users and the audit log, at desktop and phone sizes.
import assert from "node:assert/strict";
import { newPage, shot, signIn } from "../browser.mjs";

export async function signInShowsTheOverviewAndAPingComesBack({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await page.goto("/");
  await page.waitForURL(/\/signin/);
  await shot(page, "signin");
  await page.getByLabel("Email").fill("admin@demo");
  await page.getByLabel("Password").fill("wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  await shot(page, "signin-error");
  await page.getByLabel("Password").fill("slipway");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  await page.getByRole("button", { name: "Send ping" }).click();
  await page.getByText("PONGED").waitFor(); // the worker answered over the live connection
  await shot(page, "overview");
  await page.context().close();
}

export async function aDeepLinkComesBackAfterSignIn({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await page.goto("/audit?action=user.created");
  await page.waitForURL(/\/signin\?next=/);
  await page.getByLabel("Email").fill("admin@demo");
  await page.getByLabel("Password").fill("slipway");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/audit\?action=user.created/);
  assert.equal(await page.getByLabel("Action").inputValue(), "user.created");
  await page.context().close();
}

export async function anAdminAddsAUserAndFindsItInTheAuditLog({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await signIn(page, "admin@demo", "/users");
  await page.getByRole("heading", { name: "Users" }).waitFor();
  const email = `e2e-${Date.now()}@demo`;
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("LABELER");
  await form.getByLabel(/Password/).fill("a-long-password");
  await form.getByRole("button", { name: "Add user" }).click();
  await page.getByRole("cell", { name: email }).waitFor();
  await shot(page, "users");
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("heading", { name: "Audit log" }).waitFor();
  await page.getByLabel("Action").fill("user.created");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("cell", { name: email }).waitFor(); // in the entry's details
  await shot(page, "audit-log");
  assert.deepEqual(page.problems, []);
  await page.context().close();
}

export async function aViewerSeesNoAdminPagesAndThePhoneLayoutWorks({ stack, browser }) {
  const page = await newPage(browser, stack.url, { width: 390, height: 844 });
  await signIn(page, "viewer@demo");
  await page.getByRole("button", { name: "Menu" }).click();
  assert.equal(await page.getByRole("link", { name: "Audit log" }).count(), 0);
  await shot(page, "overview-phone-menu");
  await page.goto("/audit"); // a reload forgets the token: sign in again, then the server refuses
  await signIn(page, "viewer@demo", "/audit");
  await page.getByRole("alert").waitFor();
  assert.match(await page.getByRole("alert").innerText(), /FORBIDDEN/);
  await shot(page, "audit-forbidden-phone");
  await page.context().close();
}
