// A real `slipway up` on free ports in a temp data dir, with the freshly built web app.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitReady(url, child, logPath, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`slipway up exited with ${child.exitCode}:\n${tail(logPath)}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`slipway up was not ready in ${seconds}s:\n${tail(logPath)}`);
}

function tail(path) {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-40).join("\n");
  } catch {
    return "(no log)";
  }
}

// `slipway up` loads the demo data in the background after the API is up; each area's step logs
// "<step>: ... (N s)" when done. The journeys need all of it.
function demoSteps() {
  const code = "from backend.demo import STEPS; print(' '.join(n for n, _ in STEPS))";
  return execFileSync(join(repo, ".venv/bin/python"), ["-c", code], { cwd: repo, encoding: "utf8" }).trim().split(/\s+/);
}

async function waitForDemo(child, logPath, seconds) {
  const steps = demoSteps();
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const text = readFileSync(logPath, "utf8");
    if (text.includes("demo data not (fully) loaded")) throw new Error(`the demo data failed to load:\n${tail(logPath)}`);
    if (child.exitCode !== null) throw new Error(`slipway up exited with ${child.exitCode}:\n${tail(logPath)}`);
    if (steps.every((step) => new RegExp(`^${step}: .*\\(\\d+(\\.\\d+)? s\\)$`, "m").test(text))) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the demo data (${steps.join(", ")}) was not loaded in ${seconds}s:\n${tail(logPath)}`);
}

export async function startStack() {
  // SLIPWAY_E2E_URL: drive a stack that is already running (while iterating on the journeys).
  if (process.env.SLIPWAY_E2E_URL) {
    return { url: process.env.SLIPWAY_E2E_URL, logPath: "", stop: async () => {}, tail: () => "(external stack)" };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "slipway-e2e-"));
  const [port, servePort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const logPath = join(dataDir, "slipway.log");
  const log = openSync(logPath, "a");
  const env = {
    ...process.env,
    SLIPWAY_DATA_DIR: join(dataDir, "data"),
    SLIPWAY_API_PORT: String(port),
    // The model server `slipway up` starts: a free port too, so a stack beside this one (tests) is left alone.
    SLIPWAY_SERVE_PORT: String(servePort),
    // Canary steps of seconds, not minutes: nothing sends traffic here, so a step ends at its limit.
    SLIPWAY_CANARY_STEP_SECONDS: "6",
    SLIPWAY_CANARY_STEP_MAX_SECONDS: "8",
    SLIPWAY_EMBEDDED_S3_PORT: "0",
    SLIPWAY_WEB_DIST: join(repo, "web/dist"),
    SLIPWAY_LOG_JSON: "true",
  };
  const slipway = join(repo, ".venv/bin/slipway");
  const child = spawn(slipway, ["up"], { cwd: repo, env, stdio: ["ignore", log, log] });
  await waitReady(url, child, logPath, 150);
  await waitForDemo(child, logPath, 240);
  return {
    url,
    logPath,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => {
          const timer = setTimeout(() => { child.kill("SIGKILL"); r(); }, 30000);
          child.once("exit", () => { clearTimeout(timer); r(); });
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
    tail: () => tail(logPath),
  };
}
