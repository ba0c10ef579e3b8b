// The rows of a version comparison, as plain data: one cell per version, and whether the versions
// differ on that row. Pure, so the rules (what counts as "different", which run a shadow figure
// comes from) are tested without rendering.
import type { CompareTable_RunFragment, CompareTable_VersionFragment } from "../../../gql/graphql";
import { formatBytes, formatCount, formatMs, formatPercent, formatTime } from "../../../lib/format";

type Version = CompareTable_VersionFragment;
type Run = CompareTable_RunFragment;

/** More columns than this do not fit a screen in a way anyone reads. */
export const MAX_COMPARED = 6;

export type Tone = "ok" | "bad" | "busy" | "";

export interface Cell {
  text: string;
  /** What is compared: equal keys are "the same" even when the text is formatted alike by chance. */
  key: string;
  tone?: Tone;
  /** More words, e.g. a check's message. */
  detail?: string;
}

export interface Row {
  section: string;
  label: string;
  cells: Cell[];
  /** True when at least two versions disagree; rows that always differ (upload time) never say so. */
  differs: boolean;
}

export const SECTIONS = ["Version", "Model card", "Metrics", "Latency", "Validation", "Deployments", "Shadow agreement"] as const;

/** Checks that guard the server rather than describe the model: what the report calls security findings. */
export const SECURITY_CHECKS = new Set(["external_data", "operator_domains", "session"]);

const NONE: Cell = { text: "—", key: "" };

function cell(text: string, key: string = text, extra: Partial<Cell> = {}): Cell {
  return { text, key, ...extra };
}

function row(section: string, label: string, cells: Cell[], compared = true): Row {
  return { section, label, cells, differs: compared && new Set(cells.map((c) => c.key)).size > 1 };
}

function tensors(list: Version["card"]["inputs"]): Cell {
  if (list.length === 0) return NONE;
  return cell(list.map((t) => `${t.name} ${t.dtype} [${t.shape.join(" × ")}]`).join("\n"));
}

function written(text: string): Cell {
  return text ? cell(text) : cell("not written yet", "");
}

/** A number next to the first version's: "+12.5%" (the first column is the baseline, as in MLflow). */
function delta(value: number | null | undefined, base: number | null | undefined): string {
  if (value == null || base == null || base === 0 || value === base) return "";
  const change = ((value - base) / Math.abs(base)) * 100;
  return ` (${change > 0 ? "+" : ""}${change.toFixed(1)}%)`;
}

function numbers(section: string, label: string, versions: Version[], read: (v: Version) => number | null | undefined,
  format: (n: number | null | undefined) => string): Row {
  const first = versions[0];
  const base = first ? read(first) : null;
  return row(section, label, versions.map((v, i) => {
    const n = read(v);
    return n == null ? NONE : cell(`${format(n)}${i === 0 ? "" : delta(n, base)}`, String(n));
  }));
}

function metric(value: unknown): Cell {
  if (value === undefined) return NONE;
  if (typeof value === "number") return cell(formatNumber(value), String(value));
  return cell(typeof value === "string" ? value : JSON.stringify(value));
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString() : n.toPrecision(4);
}

function metricsOf(v: Version): Record<string, unknown> {
  const m = v.card.metrics;
  return m && typeof m === "object" && !Array.isArray(m) ? (m as Record<string, unknown>) : {};
}

/** Where a version serves in one environment now: its LIVE (or rolling-out) deployment's share. */
function serving(v: Version, environment: "PRODUCTION" | "STAGING"): Cell {
  const now = v.deployments.filter((d) => d.environment === environment && (d.status === "LIVE" || d.status === "ROLLING_OUT"));
  const d = now[0];
  if (!d) return NONE;
  const what = d.status === "LIVE" ? "LIVE" : "rolling out";
  return cell(`${what} · ${d.trafficPercent}%`, `${d.status}:${d.trafficPercent}`, {
    tone: d.status === "LIVE" ? "ok" : "busy",
  });
}

/** The newest finished run that scored this version as a shadow, or in which it was production. */
export function runFor(v: Version, runs: Run[]): { run: Run; metrics?: Run["metrics"][number] } | undefined {
  for (const run of runs) {
    if (run.status !== "SUCCEEDED") continue;
    const metrics = run.metrics.find((m) => m.version.id === v.id);
    if (metrics) return { run, metrics };
    if (run.productionVersion.id === v.id) return { run };
  }
  return undefined;
}

function shadowRows(versions: Version[], runs: Run[]): Row[] {
  const found = versions.map((v) => runFor(v, runs));
  const S = "Shadow agreement";
  const pick = (f: (r: NonNullable<(typeof found)[number]>) => Cell) => found.map((r) => (r ? f(r) : NONE));
  return [
    row(S, "Agreement with production", pick((r) =>
      r.metrics ? cell(formatPercent(r.metrics.agreementRate, 1), String(r.metrics.agreementRate))
        : cell("production in this run", "production"))),
    row(S, "Mean absolute difference", pick((r) =>
      r.metrics?.meanAbsDifference != null ? cell(formatNumber(r.metrics.meanAbsDifference), String(r.metrics.meanAbsDifference)) : NONE)),
    row(S, "Windows scored", pick((r) => (r.metrics ? cell(formatCount(r.metrics.windows)) : cell(formatCount(r.run.windows))))),
    row(S, "Shadow latency P95", pick((r) =>
      r.metrics?.latencyP95Ms != null ? cell(formatMs(r.metrics.latencyP95Ms, 2), String(r.metrics.latencyP95Ms)) : NONE)),
    row(S, "Scoring run", pick((r) =>
      cell(`${formatTime(r.run.finishedAt ?? r.run.createdAt)} · against v${r.run.productionVersion.version}`, r.run.id)), false),
  ];
}

function validationRows(versions: Version[]): Row[] {
  const names: string[] = [];
  for (const v of versions) for (const c of v.report) if (!names.includes(c.name)) names.push(c.name);
  const checks = names.map((name) => row("Validation", name, versions.map((v) => {
    const c = v.report.find((x) => x.name === name);
    if (!c) return cell(v.status === "VALIDATING" ? "running" : "not run", "");
    return cell(c.status, c.status, { tone: c.status === "PASSED" ? "ok" : c.status === "FAILED" ? "bad" : "", detail: c.message });
  })));
  const security = row("Validation", "Security findings", versions.map((v) => {
    const found = v.report.filter((c) => SECURITY_CHECKS.has(c.name) && c.status === "FAILED");
    if (v.report.length === 0) return NONE;
    if (found.length === 0) return cell("none", "none", { tone: "ok" });
    return cell(found.map((c) => `${c.name}: ${c.message}`).join("\n"), found.map((c) => c.name).join(","), { tone: "bad" });
  }));
  return [security, ...checks];
}

export function compareRows(versions: Version[], runs: Run[]): Row[] {
  if (versions.length === 0) return [];
  const V = "Version";
  const C = "Model card";
  const metricNames = [...new Set(versions.flatMap((v) => Object.keys(metricsOf(v))))].sort();
  return [
    row(V, "Status", versions.map((v) => cell(v.status.replace(/_/g, " "), v.status))),
    row(V, "Stage", versions.map((v) => cell(v.stage === "NONE" ? "—" : v.stage, v.stage))),
    row(V, "Description", versions.map((v) => (v.description ? cell(v.description) : NONE))),
    row(V, "Uploaded by", versions.map((v) => (v.uploadedBy ? cell(v.uploadedBy.email) : NONE))),
    row(V, "Uploaded", versions.map((v) => cell(formatTime(v.createdAt))), false),
    row(C, "Inputs", versions.map((v) => tensors(v.card.inputs))),
    row(C, "Outputs", versions.map((v) => tensors(v.card.outputs))),
    row(C, "Opsets", versions.map((v) => {
      const list = v.card.opsets.map((o) => `${o.domain || "ai.onnx"} ${o.version}`).sort();
      return list.length ? cell(list.join(", ")) : NONE;
    })),
    row(C, "Producer", versions.map((v) => (v.card.producer ? cell(v.card.producer) : NONE))),
    row(C, "IR version", versions.map((v) => (v.card.irVersion != null ? cell(String(v.card.irVersion)) : NONE))),
    numbers(C, "Parameters", versions, (v) => v.card.parameterCount, formatCount),
    numbers(C, "Size", versions, (v) => v.card.sizeBytes, formatBytes),
    row(C, "SHA-256", versions.map((v) => cell(v.card.sha256))),
    row(C, "Intended use", versions.map((v) => written(v.card.intendedUse))),
    row(C, "Training data", versions.map((v) => written(v.card.trainingData))),
    row(C, "Limitations", versions.map((v) => written(v.card.limitations))),
    ...(metricNames.length
      ? metricNames.map((name) => {
          const values = versions.map((v) => metricsOf(v)[name]);
          const base = typeof values[0] === "number" ? values[0] : null;
          return row("Metrics", name, values.map((value, i) => {
            const c = metric(value);
            return i > 0 && typeof value === "number" ? { ...c, text: c.text + delta(value, base) } : c;
          }));
        })
      : [row("Metrics", "Metrics", versions.map(() => cell("none on the card", "")))]),
    numbers("Latency", "Smoke inference P50", versions, (v) => v.card.latencyP50Ms, (n) => formatMs(n, 2)),
    numbers("Latency", "Smoke inference P95", versions, (v) => v.card.latencyP95Ms, (n) => formatMs(n, 2)),
    ...validationRows(versions),
    row("Deployments", "Production", versions.map((v) => serving(v, "PRODUCTION"))),
    row("Deployments", "Staging", versions.map((v) => serving(v, "STAGING"))),
    row("Deployments", "Shadow", versions.map((v) =>
      v.stage === "SHADOW" ? cell("sees production's requests", "SHADOW", { tone: "busy" }) : NONE)),
    ...shadowRows(versions, runs),
  ];
}

/** `?versions=3,5,5,x` → [3, 5]: whole positive numbers, each once, ascending. */
export function parseVersions(param: string | null): number[] {
  const picked = (param ?? "").split(",").map((s) => s.trim()).filter((s) => /^\d+$/.test(s)).map(Number).filter((n) => n > 0);
  return [...new Set(picked)].sort((a, b) => a - b);
}
