// Labeling: open a case, paint on the mask, save once (double-click), see the history grow; a
// second editor of the same case is told about the newer mask, gets CONFLICT on save, reloads.
import assert from "node:assert/strict";
import { newPage, shot, signIn } from "../browser.mjs";

async function paint(page, dx = 0) {
  const box = await page.locator(".viewer canvas").boundingBox();
  const [cx, cy] = [box.x + box.width / 2 + dx, box.y + box.height / 2];
  await page.mouse.move(cx - 40, cy - 20);
  await page.mouse.down();
  for (let i = 0; i <= 10; i++) await page.mouse.move(cx - 40 + i * 8, cy - 20 + i * 4);
  await page.mouse.up();
}

async function openCase(page, title) {
  await signIn(page, "labeler@demo", "/labeling");
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("toolbar", { name: "Mask tools" }).waitFor();
  await page.locator(".viewer canvas").waitFor();
  await page.waitForTimeout(500); // Niivue draws on the next animation frames
}

export async function editAMaskAndSaveThenHitAConflictAndReload({ stack, browser }) {
  const title = "Phantom B: sphere and blob";
  const a = await newPage(browser, stack.url);
  await openCase(a, title);
  await shot(a, "labeling-case");
  const before = await a.getByText(/current mask v\d+/).innerText();
  const version = Number(before.match(/v(\d+)/)[1]);

  const b = await newPage(browser, stack.url);
  await openCase(b, title);

  await a.getByLabel("Size").fill("8");
  await paint(a);
  await a.getByText("Unsaved edits").waitFor();
  const comment = `e2e stroke ${Date.now()}`;
  await a.getByLabel("Comment").fill(comment);
  await a.getByRole("button", { name: "Save mask" }).dblclick();
  await a.getByText(`Saved as version ${version + 1}.`).waitFor();
  await a.getByText(`current mask v${version + 1}`).waitFor();
  await a.getByText(`“${comment}”`).waitFor(); // the history lists it
  assert.equal(await a.locator("li", { hasText: `v${version + 2}` }).count(), 0); // the double-click saved once
  await shot(a, "labeling-saved");

  await b.getByText(`A newer version (v${version + 1}) was saved by labeler@demo`).waitFor(); // live
  await b.getByLabel("Eraser").check();
  await paint(b, 20);
  await b.getByRole("button", { name: "Save mask" }).click();
  await b.getByText(/CONFLICT/).waitFor();
  await shot(b, "labeling-conflict");
  await b.getByRole("button", { name: "Reload the newest mask" }).click();
  await b.getByText(`current mask v${version + 1}`).waitFor();
  assert.equal(await b.getByText(/CONFLICT/).count(), 0);
  assert.deepEqual([...a.problems, ...b.problems].filter((p) => !/WebGL|GPU|gl_/i.test(p)), []);
  await a.context().close();
  await b.context().close();
}
