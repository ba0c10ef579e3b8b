// Every kind of page on a narrow phone screen: nothing wider than the screen, the menu reachable.
import assert from "node:assert/strict";
import { newPage, shot, signIn } from "../browser.mjs";

async function fitsTheScreen(page, name) {
  await page.locator("main h1").first().waitFor();
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${name} is ${scroll}px wide on a ${width}px screen`);
  await shot(page, `${name}-phone`);
}

export async function everyPageFitsAPhone({ stack, browser }) {
  const page = await newPage(browser, stack.url, { width: 390, height: 844 });
  await signIn(page, "admin@demo", "/assets");
  await page.getByRole("link", { name: "P-101" }).click();
  await page.getByRole("img", { name: /points/ }).first().waitFor();
  await fitsTheScreen(page, "asset");
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("link", { name: "Models" }).click();
  await fitsTheScreen(page, "models");
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("link", { name: "Labeling" }).click();
  await page.getByRole("link", { name: /Phantom A/ }).click();
  await page.getByRole("toolbar", { name: "Mask tools" }).waitFor();
  await page.waitForTimeout(500);
  await fitsTheScreen(page, "labeling-case");
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("cell").first().waitFor();
  await fitsTheScreen(page, "audit-log");
  await page.context().close();
}
