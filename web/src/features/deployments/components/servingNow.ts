// What serves an environment now, as the server's `activeModels` says it: never inferred from
// the deployments list, whose rows keep the traffic they had when they stopped.
import type { EnvironmentNow_EndpointFragment } from "../../../gql/graphql";
import type { TrafficShare } from "./TrafficBar";

type Endpoint = EnvironmentNow_EndpointFragment;
type Part = Omit<Endpoint, "canary">;

export interface Server {
  versionId: string;
  version: number;
  percent: number;
  /** True for the version rolling out (a canary's share, or a rollout not yet finished). */
  rollingOut: boolean;
  deployment: Part["deployment"];
}

function server(part: Part, rollingOut: boolean): Server {
  return { versionId: part.version.id, version: part.versionNumber, percent: part.trafficPercent, rollingOut, deployment: part.deployment };
}

const inFlight = (part: Part) => part.deployment?.status === "PENDING" || part.deployment?.status === "ROLLING_OUT";

/** The versions answering an environment, the new one first; empty when nothing serves it. */
export function servingNow(endpoint: Endpoint | null | undefined): Server[] {
  if (!endpoint) return [];
  if (endpoint.canary) return [server(endpoint.canary, true), server(endpoint, false)];
  return [server(endpoint, inFlight(endpoint))];
}

export function trafficShares(servers: Server[]): TrafficShare[] {
  return servers.map((s) => ({ label: `v${s.version}${s.rollingOut ? " (new)" : ""}`, percent: s.percent }));
}

/** "v1 answers 100% of production traffic." or "v2 (new) answers 50% and v1 50% of production traffic." */
export function servingSentence(servers: Server[], environment: string): string {
  const [first, ...rest] = trafficShares(servers);
  if (!first) return `Nothing is serving ${environment}.`;
  const more = rest.map((s) => ` and ${s.label} ${s.percent}%`).join("");
  return `${first.label} answers ${first.percent}%${more} of ${environment} traffic.`;
}

/** The endpoint's name as the model server knows it ("pump-health-production"), from its URL. */
export function endpointName(url: string | null | undefined, fallback: string): string {
  const match = url ? /\/v2\/models\/([^/]+)\/infer\/?$/.exec(url) : null;
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}
