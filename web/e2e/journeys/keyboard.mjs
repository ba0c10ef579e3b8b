// Keyboard only: sign in without a mouse, then on every kind of page Tab reaches each visible
// control (links, buttons, fields) and shows where the focus is.
import assert from "node:assert/strict";
import { newPage } from "../browser.mjs";

const CONTROLS = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab from the top of the page past its last control; every visible control must take the focus, visibly. */
async function everyControlTakesTheFocus(page, name) {
  await page.waitForTimeout(300); // late panels (subscriptions, charts) settle
  const total = await page.evaluate((selector) => {
    const visible = (e) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== "hidden";
    };
    const controls = [...document.querySelectorAll(selector)].filter(visible);
    controls.forEach((e, i) => (e.dataset.kb = String(i)));
    window.__kb = { reached: new Set(), unmarked: [] };
    document.addEventListener("focusin", (event) => {
      const e = event.target;
      if (!e.dataset?.kb) return;
      window.__kb.reached.add(e.dataset.kb);
      // Radios are one stop per group (arrows move inside it): the group counts as reached.
      if (e.type === "radio") document.querySelectorAll(`input[type=radio][name="${e.name}"]`).forEach((r) => r.dataset.kb && window.__kb.reached.add(r.dataset.kb));
      const style = getComputedStyle(e);
      if (style.outlineStyle === "none" && style.boxShadow === "none") window.__kb.unmarked.push(e.outerHTML.slice(0, 100));
    });
    document.activeElement?.blur();
    window.scrollTo(0, 0);
    return controls.length;
  }, CONTROLS);
  assert.ok(total > 0, `${name}: no controls found`);
  // Tab starts where the last click was (Chromium's focus starting point), so go round the page once, wrapping.
  const allReached = () => page.evaluate(() => document.querySelectorAll("[data-kb]").length === window.__kb.reached.size);
  for (let i = 0; i < 2 * total + 10 && !(await allReached()); i++) await page.keyboard.press("Tab");
  const [missed, unmarked] = await page.evaluate(() => [
    [...document.querySelectorAll("[data-kb]")].filter((e) => !window.__kb.reached.has(e.dataset.kb)).map((e) => e.outerHTML.slice(0, 100)),
    window.__kb.unmarked,
  ]);
  assert.deepEqual(missed, [], `${name}: Tab never reaches these controls`);
  assert.deepEqual(unmarked, [], `${name}: these controls take the focus without showing it`);
}

export async function signInWithTheKeyboardAndTabToEveryControl({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await page.goto("/");
  await page.waitForURL(/\/signin/);
  await page.getByLabel("Email").waitFor();
  // Sign in without the mouse: Tab to the email field, type, Tab to the password, Enter.
  for (let i = 0; i < 10 && !(await page.getByLabel("Email").evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await page.keyboard.type("admin@demo");
  await page.keyboard.press("Tab");
  await page.keyboard.type("slipway");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  await everyControlTakesTheFocus(page, "overview");

  // The menu works from the keyboard too: focus the menu's Models link and press Enter. Scoped to
  // the menu and exact, since the overview's blocks link to "All models" as well (same name, same
  // place, so a screen reader's link list stays honest).
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Models", exact: true }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Models" }).waitFor();
  await page.getByRole("link", { name: "pump-health" }).first().waitFor();
  await everyControlTakesTheFocus(page, "models");

  await page.getByRole("link", { name: "pump-health" }).first().click();
  await page.getByRole("link", { name: "Deployments" }).click();
  await page.getByRole("region", { name: "Production" }).waitFor();
  await everyControlTakesTheFocus(page, "model deployments");

  await page.getByRole("link", { name: "v1", exact: true }).first().click();
  await page.getByRole("heading", { name: "Validation report" }).waitFor();
  await everyControlTakesTheFocus(page, "version");

  const items = [
    ["Assets", "P-101", (p) => p.getByRole("img", { name: /points/ }).first().waitFor()],
    ["Labeling", /Phantom A/, (p) => p.getByRole("toolbar", { name: "Mask tools" }).waitFor()],
  ];
  for (const [menu, link, ready] of items) {
    await nav.getByRole("link", { name: menu }).click();
    await page.getByRole("link", { name: link }).click();
    await ready(page);
    await everyControlTakesTheFocus(page, `a page under ${menu}`);
  }
  for (const menu of ["Approvals", "Audit log", "Webhooks", "Users", "My exports"]) {
    await nav.getByRole("link", { name: menu }).click();
    await page.getByRole("heading", { name: menu, exact: true }).waitFor();
    await everyControlTakesTheFocus(page, menu);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
}
