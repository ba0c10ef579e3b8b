// Debian's Chromium through playwright-core, plus the few helpers every journey uses.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const shots = join(dirname(fileURLToPath(import.meta.url)), "screenshots");

export async function launch() {
  mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

export async function newPage(browser, url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ baseURL: url, viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.problems = problems;
  return page;
}

export async function signIn(page, email, next = "/") {
  await page.goto(next);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("slipway");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
  await page.locator("main h1").first().waitFor();
}

export async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}
