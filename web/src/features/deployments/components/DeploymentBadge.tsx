// A deployment's status as a badge, and which statuses are final (nothing more will happen).
import type { DeploymentStatus } from "../../../gql/graphql";

const TONE: Record<DeploymentStatus, string> = {
  PENDING: "busy", ROLLING_OUT: "busy", LIVE: "ok", FAILED: "bad", ROLLED_BACK: "bad", RETIRED: "",
};

export const FINAL_DEPLOYMENT = new Set<DeploymentStatus>(["FAILED", "ROLLED_BACK", "RETIRED"]);
export const IN_FLIGHT = new Set<DeploymentStatus>(["PENDING", "ROLLING_OUT"]);

export function DeploymentBadge({ status }: { status: DeploymentStatus }) {
  return <span className={`badge ${TONE[status]}`}>{status.replace("_", " ")}</span>;
}

export function words(value: string): string {
  return value.replace(/_/g, " ").toLowerCase().replace(/^./, (c) => c.toUpperCase());
}
