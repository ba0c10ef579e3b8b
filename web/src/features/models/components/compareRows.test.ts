import { run, version } from "./compareFixtures";
import { compareRows, parseVersions, runFor } from "./compareRows";

const byLabel = (rows: ReturnType<typeof compareRows>, label: string) => rows.find((r) => r.label === label)!;

test("rows differ only where the versions disagree; upload times never count", () => {
  const rows = compareRows([version(1), version(2, {}, { latencyP95Ms: 0.3 })], []);
  expect(byLabel(rows, "Producer").differs).toBe(false);
  expect(byLabel(rows, "SHA-256").differs).toBe(true);
  expect(byLabel(rows, "Smoke inference P95").differs).toBe(true);
  expect(byLabel(rows, "Smoke inference P95").cells.map((c) => c.text)).toEqual(["0.20 ms", "0.30 ms (+50.0%)"]);
  expect(byLabel(rows, "Uploaded").differs).toBe(false);
  expect(byLabel(rows, "Intended use").cells[0]!.text).toBe("not written yet");
});

test("metrics are the union of both cards' names, a missing one shown as a dash", () => {
  const rows = compareRows([version(1, {}, { metrics: { auc: 0.9 } }), version(2, {}, { metrics: { auc: 0.9, f1: 0.8 } })], []);
  expect(byLabel(rows, "auc").differs).toBe(false);
  expect(byLabel(rows, "f1").cells.map((c) => c.text)).toEqual(["—", "0.8000"]);
  expect(byLabel(rows, "f1").differs).toBe(true);
});

test("a failed security check is a finding; other failures are not", () => {
  const bad = version(2, {
    status: "VALIDATION_FAILED",
    report: [
      { name: "size", status: "FAILED", message: "too big" },
      { name: "external_data", status: "FAILED", message: "refers to ../../etc/passwd" },
    ],
  });
  const rows = compareRows([version(1), bad], []);
  const security = byLabel(rows, "Security findings");
  expect(security.cells.map((c) => c.text)).toEqual(["none", "external_data: refers to ../../etc/passwd"]);
  expect(security.cells[1]!.tone).toBe("bad");
  expect(byLabel(rows, "size").cells[1]).toMatchObject({ text: "FAILED", detail: "too big" });
});

test("deployments show where a version serves now and its share; retired ones are gone", () => {
  const live = version(1, { stage: "PRODUCTION", deployments: [
    { id: "D2", environment: "PRODUCTION", status: "LIVE", trafficPercent: 50 },
    { id: "D1", environment: "STAGING", status: "RETIRED", trafficPercent: 0 },
  ] });
  const rows = compareRows([live, version(2, { stage: "SHADOW" })], []);
  expect(byLabel(rows, "Production").cells.map((c) => c.text)).toEqual(["LIVE · 50%", "—"]);
  expect(byLabel(rows, "Staging").cells.map((c) => c.text)).toEqual(["—", "—"]);
  expect(byLabel(rows, "Staging").differs).toBe(false);
  expect(byLabel(rows, "Shadow").cells.map((c) => c.text)).toEqual(["—", "sees production's requests"]);
});

test("shadow agreement comes from the newest finished run that scored the version", () => {
  const runs = [run("R3", 1, [[2, 0.5]], "FAILED"), run("R2", 1, [[2, 0.95]]), run("R1", 1, [[2, 0.4], [3, 0.7]])];
  expect(runFor(version(2), runs)?.run.id).toBe("R2");
  expect(runFor(version(3), runs)?.run.id).toBe("R1");
  expect(runFor(version(1), runs)?.metrics).toBeUndefined(); // production in R2
  expect(runFor(version(4), runs)).toBeUndefined();
  const rows = compareRows([version(1), version(2), version(3)], runs);
  expect(byLabel(rows, "Agreement with production").cells.map((c) => c.text)).toEqual(["production in this run", "95.0%", "70.0%"]);
});

test("the address's version list is cleaned: numbers only, each once, ascending", () => {
  expect(parseVersions("5,3,5, 7 ,x,-1,0,2.5")).toEqual([3, 5, 7]);
  expect(parseVersions(null)).toEqual([]);
});
