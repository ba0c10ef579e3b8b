// Sign-in, sessions that survive reloads and new tabs, sign-out, access tokens, the 401 round trip,
// users and the audit log, at desktop and phone sizes.
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
  await page.getByLabel("Action").selectOption("user.created");
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
  await page.goto("/audit"); // a full page load: the session comes back from its cookie
  // The server says viewers may not read the log (canReadAuditLog); the page says so instead of asking.
  await page.getByRole("note").filter({ hasText: "cannot read the audit log" }).waitFor();
  assert.ok(!new URL(page.url()).pathname.startsWith("/signin"));
  await shot(page, "audit-forbidden-phone");
  await page.context().close();
}

export async function aSessionSurvivesReloadAndNewTabsUntilSignOut({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await signIn(page, "admin@demo", "/audit?action=user.created");
  await page.getByRole("heading", { name: "Audit log" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "Audit log" }).waitFor(); // no sign-in page in between
  assert.equal(new URL(page.url()).pathname, "/audit");
  assert.equal(await page.getByLabel("Action").inputValue(), "user.created");

  // "Open in new tab", or a link a notebook printed: the same browser, a fresh page.
  const tab = await page.context().newPage();
  await tab.goto("/users");
  await tab.getByRole("heading", { name: "Users" }).waitFor();
  assert.ok(!new URL(tab.url()).pathname.startsWith("/signin"));
  await tab.close();

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin/);
  await page.reload();
  await page.getByLabel("Password").waitFor(); // the session was revoked: reloading asks again
  await page.goto("/users");
  await page.waitForURL(/\/signin\?next=%2Fusers/);
  const cookies = await page.context().cookies();
  assert.equal(cookies.filter((c) => c.name === "slipway_refresh").length, 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
}

export async function aNotebookTokenIsCreatedUsedAndRevoked({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await signIn(page, "ds@demo");
  await page.getByRole("link", { name: "Access tokens" }).click();
  await page.getByRole("heading", { name: "Access tokens" }).waitFor();
  const name = `e2e notebook ${Date.now()}`;
  const form = page.getByRole("form", { name: "Create an access token" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Expires in").selectOption("7");
  await form.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("access-token-secret").innerText()).trim();
  assert.match(secret, /^slw_pat_/);
  await shot(page, "access-token-created");

  const me = () =>
    fetch(`${stack.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: "{ me { email } }" }),
    });
  const used = await me(); // what a notebook does with it
  assert.equal(used.status, 200);
  assert.equal((await used.json()).data.me.email, "ds@demo");

  await page.getByRole("button", { name: "I have stored it" }).click();
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByText("active").waitFor();
  assert.doesNotMatch(await row.innerText(), /never/); // last used is shown
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByText(/revoked/).waitFor();
  await shot(page, "access-token-revoked");

  const deadline = Date.now() + 7000; // the API may trust a checked token for SLIPWAY_AUTH_CACHE_SECONDS
  let status = 200;
  while (status === 200 && Date.now() < deadline) {
    status = (await me()).status;
    if (status === 200) await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(status, 401);
  assert.deepEqual(page.problems, []);
  await page.context().close();
}
