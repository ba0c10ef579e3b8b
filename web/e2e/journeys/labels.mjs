// Labeling: open a case, paint on the mask, save once (double-click), see the history grow; a
// second editor of the same case is told about the newer mask, gets CONFLICT on save, reloads.
// Then (issue 18) a whole labeling pass by keyboard, an older version opened read-only and
// restored, the question before unsaved edits are lost, and a case created, assigned and found
// under "Assigned to me" on a phone.
import assert from "node:assert/strict";
import { gql, tokenFor } from "../api.mjs";
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

// --- Issue 18: keyboard, legend, versions, next case, assignment and the unsaved-edits guard ---

/** Press Tab until the focused element passes `test` (run in the page); fails after `max` presses. */
async function tabTo(page, test, what, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(test)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

async function signInByKeyboard(page, email, next) {
  await page.goto(next);
  await page.getByLabel("Email").waitFor();
  await tabTo(page, () => document.activeElement?.getAttribute("type") === "email" || document.activeElement?.id?.includes("email") || document.activeElement?.getAttribute("autocomplete") === "username", "the email field");
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("slipway");
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
  await page.locator("main h1").first().waitFor();
}

async function caseLabels(stack, caseId) {
  const token = await tokenFor(stack.url, "admin@demo");
  const data = await gql(stack.url, token, "query($id: ID!) { case(id: $id) { labels { version sha256 comment } } }", { id: caseId });
  return data.case.labels; // newest first
}

const caseIdOf = (page) => decodeURIComponent(new URL(page.url()).pathname.split("/").pop());

async function editorReady(page) {
  await page.getByRole("toolbar", { name: "Mask tools" }).waitFor();
  await page.locator(".viewer canvas").waitFor();
  await page.waitForTimeout(800); // Niivue draws on the next animation frames
}

export async function labelingACaseWithTheKeyboardOnly({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await signInByKeyboard(page, "labeler@demo", "/labeling");
  await page.getByRole("link", { name: /Phantom A/ }).waitFor();
  await tabTo(page, () => document.activeElement?.textContent?.startsWith("Phantom A") ?? false, "the Phantom A link");
  await page.keyboard.press("Enter");
  await editorReady(page);
  const caseId = caseIdOf(page);
  const before = (await caseLabels(stack, caseId))[0];

  // `?` lists the keys in a modal dialog that holds the focus until Escape.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await help.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.closest("[role=dialog]") !== null), true);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.closest("[role=dialog]") !== null), true);
  await shot(page, "labeling-shortcuts");
  await page.keyboard.press("Escape");
  await help.waitFor({ state: "detached" });

  // Named labels in the legend; 2 picks the blob, ] grows the brush, . and , walk the slices.
  await page.keyboard.press("2");
  assert.equal(await page.getByRole("radio", { name: /blob \(2\)/ }).isChecked(), true);
  for (let i = 0; i < 3; i++) await page.keyboard.press("]");
  assert.equal(await page.getByRole("slider", { name: /Size/ }).inputValue(), "6");
  const slice = async () => Number((await page.getByRole("toolbar").locator("output", { hasText: " / " }).innerText()).split(" / ")[0]);
  const start = await slice();
  await page.keyboard.press(".");
  assert.equal(await slice(), start + 1);
  await page.keyboard.press(",");
  assert.equal(await slice(), start);

  // Onto the picture: arrows move the cursor, Space paints, Ctrl+Z / Ctrl+Shift+Z undo and redo.
  await tabTo(page, () => document.activeElement?.classList.contains("viewer") ?? false, "the mask editor");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Space");
  await page.getByText("Unsaved edits").waitFor();
  await page.keyboard.press("Control+z");
  await page.getByText("No edits").waitFor();
  await page.keyboard.press("Control+Shift+z");
  await page.getByText("Unsaved edits").waitFor();
  await page.keyboard.press("o"); // the overlay off and on
  assert.equal(await page.getByRole("checkbox", { name: "Show mask" }).isChecked(), false);
  await shot(page, "labeling-keyboard-overlay-off");
  await page.keyboard.press("o");
  assert.equal(await page.getByRole("checkbox", { name: "Show mask" }).isChecked(), true);
  await shot(page, "labeling-keyboard-painted");

  await page.keyboard.press("Control+s");
  await page.getByText(`Saved as version ${before.version + 1}.`).waitFor();
  const after = (await caseLabels(stack, caseId))[0];
  assert.equal(after.version, before.version + 1);
  assert.notEqual(after.sha256, before.sha256, "the Space dab changed the mask");

  // N: the next case in the labeler's queue.
  await page.keyboard.press("n");
  await page.waitForURL((u) => u.pathname.startsWith("/labeling/cases/") && !u.pathname.endsWith(encodeURIComponent(caseId)));
  await page.locator("main h1").filter({ hasNotText: "Phantom A" }).waitFor();
  assert.deepEqual(page.problems.filter((p) => !/WebGL|GPU|gl_/i.test(p)), []);
  await page.context().close();
}

export async function labelingRestoresAnOlderMaskVersion({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await signIn(page, "labeler@demo", "/labeling");
  await page.getByRole("link", { name: /Phantom A/ }).click();
  await editorReady(page);
  const caseId = caseIdOf(page);
  const labels = await caseLabels(stack, caseId);
  const v1 = labels.find((l) => l.version === 1);
  await page.getByRole("button", { name: "View v1" }).click();
  await page.getByText(/Viewing v1/).waitFor();
  assert.match(await page.locator(".version-banner").innerText(), /Viewing v1 \(read-only\), saved by admin@demo/);
  assert.equal(await page.getByRole("button", { name: "Save mask" }).count(), 0);
  assert.equal(await page.getByRole("radio", { name: "Brush" }).count(), 0); // no tools on an old version
  await page.waitForTimeout(500);
  await shot(page, "labeling-version-read-only");
  await page.getByRole("button", { name: "Restore v1 as a new version" }).click();
  await page.getByText(`Restored v1 as version ${labels[0].version + 1}.`).waitFor();
  await page.getByText(`current mask v${labels[0].version + 1}`).waitFor();
  const now = (await caseLabels(stack, caseId))[0];
  assert.equal(now.version, labels[0].version + 1);
  assert.equal(now.sha256, v1.sha256, "the restored version is v1's mask, byte for byte");
  assert.equal(now.comment, "Restored v1");
  const newest = page.locator(".history li").first(); // the history lists it on top
  await newest.filter({ hasText: `v${now.version}` }).filter({ hasText: "“Restored v1”" }).waitFor();
  await shot(page, "labeling-version-restored");
  assert.deepEqual(page.problems.filter((p) => !/WebGL|GPU|gl_/i.test(p)), []);
  await page.context().close();
}

export async function labelingAsksBeforeUnsavedEditsAreLost({ stack, browser }) {
  const page = await newPage(browser, stack.url);
  await openCase(page, "Phantom B: sphere and blob");
  await paint(page);
  await page.getByText("Unsaved edits").waitFor();

  // A link inside the app: our dialog names what would be lost; Cancel keeps the edits.
  await page.getByRole("navigation").getByRole("link", { name: "Labeling" }).click();
  const ask = page.getByRole("alertdialog", { name: "Leave with unsaved work?" });
  await ask.waitFor();
  assert.match(await ask.innerText(), /Your unsaved mask edits on “Phantom B: sphere and blob” \(made on v\d+\) will be lost/);
  await shot(page, "labeling-unsaved-guard");
  await ask.getByRole("button", { name: "Cancel" }).click();
  assert.match(new URL(page.url()).pathname, /^\/labeling\/cases\//);
  await page.getByText("Unsaved edits").waitFor();

  // Closing the tab (or reloading): the browser's own prompt; dismissing it keeps the page.
  const prompts = [];
  page.once("dialog", (d) => {
    prompts.push(d.type());
    void d.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await page.waitForTimeout(1000);
  assert.deepEqual(prompts, ["beforeunload"]);
  assert.equal(page.isClosed(), false);

  // Leaving on purpose.
  await page.getByRole("navigation").getByRole("link", { name: "Labeling" }).click();
  await page.getByRole("button", { name: "Discard my edits and leave" }).click();
  await page.waitForURL((u) => u.pathname === "/labeling");
  assert.deepEqual(page.problems.filter((p) => !/WebGL|GPU|gl_/i.test(p)), []);
  await page.context().close();
}

export async function labelingCaseCreatedAssignedAndFoundAssignedToMe({ stack, browser }) {
  // The image of a demo case, as a file a person would pick.
  const token = await tokenFor(stack.url, "admin@demo");
  const list = await gql(stack.url, token, "{ cases(first: 50) { edges { node { title artifacts { kind url filename } } } } }");
  const image = list.cases.edges.map((e) => e.node).find((c) => c.title.startsWith("Phantom C")).artifacts.find((a) => a.kind === "IMAGE");
  const bytes = Buffer.from(await (await fetch(image.url)).arrayBuffer());

  const admin = await newPage(browser, stack.url);
  await signIn(admin, "admin@demo", "/labeling");
  await admin.getByRole("button", { name: "New case" }).click();
  const title = `Liver e2e ${Date.now()}`;
  await admin.getByLabel("Title").fill(title);
  await admin.getByLabel(/^Image/).setInputFiles({ name: image.filename, mimeType: "application/gzip", buffer: bytes });
  await admin.getByLabel(/^Labels/).fill("liver, tumour");
  await admin.getByLabel("Assign to").selectOption({ label: "labeler@demo (labeler)" });
  await shot(admin, "labeling-new-case");
  await admin.getByRole("button", { name: "Create case" }).click();
  await admin.getByRole("heading", { name: title }).waitFor();
  await admin.getByText("assigned to labeler@demo", { exact: false }).waitFor();
  const legend = admin.getByRole("group", { name: "Label to paint" });
  await legend.getByRole("radio", { name: /liver \(1\)/ }).waitFor();
  await legend.getByRole("radio", { name: /tumour \(2\)/ }).waitFor();
  assert.equal(await admin.getByLabel("Assignee").inputValue() !== "", true);
  // Renaming a label later: the legend follows.
  const names = admin.getByRole("form", { name: "Label names" });
  await names.getByLabel("Value 2").fill("lesion");
  await names.getByRole("button", { name: "Save names" }).click();
  await legend.getByRole("radio", { name: /lesion \(2\)/ }).waitFor();
  await admin.waitForTimeout(500);
  await shot(admin, "labeling-created-case");
  assert.deepEqual(admin.problems.filter((p) => !/WebGL|GPU|gl_/i.test(p)), []);
  await admin.context().close();

  // The labeler, on a phone: "Assigned to me" shows the new case and their demo case, not the unassigned ones.
  const phone = await newPage(browser, stack.url, { width: 390, height: 844 });
  await signIn(phone, "labeler@demo", "/labeling");
  await phone.getByRole("checkbox", { name: "Assigned to me" }).check();
  await phone.waitForURL((u) => u.search === "?mine=1");
  await phone.getByRole("link", { name: title }).waitFor();
  await phone.getByRole("link", { name: /Phantom A/ }).waitFor();
  // Both cases are in the unfiltered list too: wait for the filtered one to replace it before counting.
  await phone.getByRole("link", { name: /Phantom B|Phantom C/ }).first().waitFor({ state: "detached" });
  assert.equal(await phone.getByRole("link", { name: /Phantom B|Phantom C/ }).count(), 0);
  const [scroll, width] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `the case list is ${scroll}px wide on a ${width}px screen`);
  await shot(phone, "labeling-assigned-to-me-phone");
  await phone.reload(); // the filter lives in the URL
  assert.equal(await phone.getByRole("checkbox", { name: "Assigned to me" }).isChecked(), true);
  await phone.getByRole("link", { name: title }).click();
  await editorReady(phone);
  const [scroll2, width2] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll2 <= width2, `the case page is ${scroll2}px wide on a ${width2}px screen`);
  await shot(phone, "labeling-case-legend-phone");
  await phone.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await phone.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
  await shot(phone, "labeling-shortcuts-phone");
  await phone.keyboard.press("Escape");
  assert.deepEqual(phone.problems.filter((p) => !/WebGL|GPU|gl_/i.test(p)), []);
  await phone.context().close();
}
