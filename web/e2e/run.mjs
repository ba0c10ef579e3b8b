// End-to-end: one real stack, one Chromium, every journey whose backend exists, in order.
// `npm run e2e` (the Makefile runs it after the build). Screenshots land in e2e/screenshots/.
import { readdirSync } from "node:fs";
import { after, before, test } from "node:test";
import { launch, shot } from "./browser.mjs";
import { startStack } from "./stack.mjs";

const ctx = {};

// E2E_ONLY=word: only the journeys whose name holds it (any case).
const only = process.env.E2E_ONLY?.toLowerCase();
// Every file in journeys/ is a module of journeys: these first, in the order a person meets them,
// then any other file by name, so a new journey file needs no edit here.
const first = ["identity", "assets", "models", "deployments", "labels", "phone", "keyboard"];
const rank = (file) => {
  const i = first.indexOf(file.replace(/\.mjs$/, ""));
  return i === -1 ? first.length : i;
};
const files = readdirSync(new URL("./journeys/", import.meta.url))
  .filter((file) => file.endsWith(".mjs"))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const modules = await Promise.all(files.map((file) => import(`./journeys/${file}`)));
const chosen = modules
  .flatMap((journeys) => Object.entries(journeys))
  .filter(([name]) => !only || name.toLowerCase().includes(only));
// Without a test the hooks never settle and the stack would be left running.
if (chosen.length === 0) throw new Error(`no journey matches E2E_ONLY=${process.env.E2E_ONLY}`);

before(async () => {
  // Both settle before a failure is raised, so after() can stop a stack whose browser failed to start.
  const started = await Promise.allSettled([startStack().then((s) => (ctx.stack = s)), launch().then((b) => (ctx.browser = b))]);
  const failed = started.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}, { timeout: 180000 });

// Ctrl-C or a kill must not leave Postgres and S3 running in a temp dir.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => void ctx.stack?.stop().finally(() => process.exit(130)));
}

after(async () => {
  await ctx.browser?.close();
  await ctx.stack?.stop();
});

for (const [name, journey] of chosen) {
  test(name, { timeout: 300000 }, async () => {
    try {
      await journey(ctx);
    } catch (e) {
      // What each open page showed when the journey failed, for a person to look at.
      const pages = ctx.browser.contexts().flatMap((c) => c.pages());
      await Promise.all(pages.map((p, i) => shot(p, `FAILED-${name}-${i}`).catch(() => {})));
      await Promise.all(ctx.browser.contexts().map((c) => c.close().catch(() => {})));
      // The reporter prints the stack, which V8 wrote with the message when the error was made: extend both.
      const tail = `\n--- last lines of slipway up ---\n${ctx.stack?.tail()}`;
      e.message += tail;
      if (typeof e.stack === "string") e.stack += tail;
      throw e;
    }
  });
}
