// End-to-end: one real stack, one Chromium, every journey whose backend exists, in order.
// `npm run e2e` (the Makefile runs it after the build). Screenshots land in e2e/screenshots/.
import { after, before, test } from "node:test";
import { launch, shot } from "./browser.mjs";
import { startStack } from "./stack.mjs";
import * as assets from "./journeys/assets.mjs";
import * as deployments from "./journeys/deployments.mjs";
import * as identity from "./journeys/identity.mjs";
import * as labels from "./journeys/labels.mjs";
import * as models from "./journeys/models.mjs";
import * as phone from "./journeys/phone.mjs";

const ctx = {};

before(async () => {
  [ctx.stack, ctx.browser] = await Promise.all([startStack(), launch()]);
}, { timeout: 180000 });

// Ctrl-C or a kill must not leave Postgres and S3 running in a temp dir.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => void ctx.stack?.stop().finally(() => process.exit(130)));
}

after(async () => {
  await ctx.browser?.close();
  await ctx.stack?.stop();
});

for (const journeys of [identity, assets, models, deployments, labels, phone]) {
  for (const [name, journey] of Object.entries(journeys)) {
    if (process.env.E2E_ONLY && !name.includes(process.env.E2E_ONLY)) continue;
    test(name, { timeout: 180000 }, async () => {
      try {
        await journey(ctx);
      } catch (e) {
        // What each open page showed when the journey failed, for a person to look at.
        const pages = ctx.browser.contexts().flatMap((c) => c.pages());
        await Promise.all(pages.map((p, i) => shot(p, `FAILED-${name}-${i}`).catch(() => {})));
        await Promise.all(ctx.browser.contexts().map((c) => c.close().catch(() => {})));
        e.message += `\n--- last lines of slipway up ---\n${ctx.stack?.tail()}`;
        throw e;
      }
    });
  }
}
