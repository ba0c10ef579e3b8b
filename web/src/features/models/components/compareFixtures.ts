// Versions and scoring runs for the comparison's tests.
import type { CompareTable_RunFragment, CompareTable_VersionFragment } from "../../../gql/graphql";

export function version(n: number, over: Partial<CompareTable_VersionFragment> = {}, card: Partial<CompareTable_VersionFragment["card"]> = {}): CompareTable_VersionFragment {
  return {
    id: `V${n}`, version: n, status: "APPROVED", stage: "NONE", description: "", createdAt: `2026-11-0${n}T10:00:00Z`,
    uploadedBy: { id: "U1", email: "mle@demo" },
    card: {
      inputs: [{ name: "x", dtype: "float32", shape: ["batch", "4"] }], outputs: [{ name: "y", dtype: "float32", shape: ["batch", "1"] }],
      opsets: [{ domain: "", version: 17 }], producer: "skl2onnx", irVersion: 8, parameterCount: 5, sizeBytes: 2048,
      sha256: `sha-${n}`, latencyP50Ms: 0.1, latencyP95Ms: 0.2, intendedUse: "", trainingData: "", metrics: {}, limitations: "",
      ...card,
    },
    report: [
      { name: "size", status: "PASSED", message: "ok" },
      { name: "external_data", status: "PASSED", message: "Every weight is stored inside the file." },
    ],
    deployments: [],
    ...over,
  };
}

export function run(id: string, production: number, shadows: [number, number][], status: CompareTable_RunFragment["status"] = "SUCCEEDED"): CompareTable_RunFragment {
  return {
    id, status, createdAt: "2026-11-20T10:00:00Z", finishedAt: "2026-11-20T10:05:00Z", windows: 10,
    productionVersion: { id: `V${production}`, version: production },
    metrics: shadows.map(([n, rate]) => ({ windows: 10, agreementRate: rate, meanAbsDifference: 0.5, latencyP95Ms: 1.5, version: { id: `V${n}` } })),
  };
}
