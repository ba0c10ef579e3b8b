// Test data for the deployments views, typed by the fragments the components read.
import type { DeploymentStatus, EnvironmentNow_EndpointFragment, EnvironmentPanel_DeploymentFragment, RolloutStrategy, ShadowPanel_VersionFragment } from "../../../gql/graphql";

let n = 0;

export function deployment(over: Partial<Omit<EnvironmentPanel_DeploymentFragment, "version">> & {
  version: number;
  environment: "STAGING" | "PRODUCTION";
  status: DeploymentStatus;
  strategy?: RolloutStrategy;
}): EnvironmentPanel_DeploymentFragment {
  const { version, ...rest } = over;
  n += 1;
  return {
    id: `D${n}`,
    strategy: "DIRECT",
    trafficPercent: over.status === "LIVE" ? 100 : 0,
    canarySteps: [],
    endpointUrl: over.status === "LIVE" ? `/v2/models/churn-${over.environment.toLowerCase()}/infer` : null,
    message: "",
    createdAt: "2026-11-23T10:00:00Z",
    createdBy: { id: "U1", email: "mle@demo" },
    viewerCanRollback: false,
    viewerCanRetire: false,
    previous: null,
    ...rest,
    version: { id: `V${version}`, version },
  };
}

export function shadowVersion(version: number, over: Partial<ShadowPanel_VersionFragment> = {}): ShadowPanel_VersionFragment {
  return { id: `V${version}`, version, status: "APPROVED", stage: "NONE", viewerCanSetStage: false, ...over };
}

type Endpoint = EnvironmentNow_EndpointFragment;

/** What `activeModels` answers for an environment served by `d` (and a canary taking a share of it). */
export function serving(d: EnvironmentPanel_DeploymentFragment, canary?: EnvironmentPanel_DeploymentFragment): Endpoint {
  const url = `/v2/models/churn-${d.environment.toLowerCase()}/infer`;
  const part = (x: EnvironmentPanel_DeploymentFragment) => ({
    endpointUrl: url, trafficPercent: x.trafficPercent, versionNumber: x.version.version, version: { id: x.version.id }, deployment: x,
  });
  return { ...part(d), canary: canary ? part(canary) : null };
}

export function activeModels(over: { production?: Endpoint | null; staging?: Endpoint | null } = {}) {
  return { activeModels: { modelName: "churn", production: over.production ?? null, staging: over.staging ?? null } };
}
