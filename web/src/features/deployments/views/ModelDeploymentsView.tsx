// A model's deployments: staging, production and shadow side by side (version, strategy, traffic
// split, status, endpoint), then every deployment, newest first, paged and filtered (DeploymentHistory).
// Follows `deploymentsChanged`.
import { useRef } from "react";
import { useParams } from "react-router-dom";
import { QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ActiveEnvironmentsQuery, EnvironmentPanel_DeploymentFragment, ModelDeploymentsQuery } from "../../../gql/graphql";
import { useQuery, useSubscription } from "../../../lib/hooks";
import { ModelTabs } from "../../models/components/ModelTabs";
import { IN_FLIGHT } from "../components/DeploymentBadge";
import { DeploymentHistory, type DeploymentHistoryHandle } from "../components/DeploymentHistory";
import type { GraphQLFailure } from "../../../lib/graphql";
import { ActiveEnvironmentsDocument, EnvironmentPanel } from "../components/EnvironmentPanel";
import { ShadowPanel } from "../components/ShadowPanel";
import { ModelDeploymentsChangedDocument } from "../components/VersionDeployments";

export const ModelDeploymentsDocument = graphql(`
  query ModelDeployments($id: ID!) {
    model(id: $id) {
      id
      name
      versions { ...ShadowPanel_Version }
    }
    deployments(modelId: $id, first: 50) {
      edges { node { ...EnvironmentPanel_Deployment } }
    }
  }
`);

type D = EnvironmentPanel_DeploymentFragment;

/** From the list only what `activeModels` cannot say: a rollout without traffic yet, the newest failure. */
function pick(all: D[], environment: "STAGING" | "PRODUCTION") {
  const mine = all.filter((d) => d.environment === environment); // newest first
  return { rolling: mine.find((d) => IN_FLIGHT.has(d.status)), latest: mine[0]?.status === "LIVE" ? undefined : mine[0] };
}

function Page({ data, active, activeError, refetch }: {
  data: ModelDeploymentsQuery;
  active: ActiveEnvironmentsQuery | undefined;
  activeError: GraphQLFailure | undefined;
  refetch: () => void;
}) {
  const all = data.deployments.edges.map((e) => e.node);
  const name = data.model.name;
  return (
    <>
      <div className="envs">
        <EnvironmentPanel title="Staging" modelName={name} now={active?.activeModels.staging} nowError={activeError}
          {...pick(all, "STAGING")} onChanged={refetch} />
        <EnvironmentPanel title="Production" modelName={name} now={active?.activeModels.production} nowError={activeError}
          {...pick(all, "PRODUCTION")} onChanged={refetch} />
        <ShadowPanel modelName={data.model.name} versions={data.model.versions} onChanged={refetch} />
      </div>
    </>
  );
}

export function ModelDeploymentsView() {
  const { id = "" } = useParams();
  const page = useQuery(ModelDeploymentsDocument, { id });
  const name = page.data?.model.name;
  const active = useQuery(ActiveEnvironmentsDocument, { modelName: name ?? "" }, { skip: !name });
  const history = useRef<DeploymentHistoryHandle>(null);
  const refetch = () => {
    page.refetch();
    active.refetch();
    history.current?.refetch();
  };
  useSubscription(ModelDeploymentsChangedDocument, { modelId: id }, refetch);
  return (
    <>
      <h1>{name ?? "Model"} deployments</h1>
      <ModelTabs modelId={id} />
      <QueryResult state={page} what="Loading deployments">
        {(data) => <Page data={data} active={active.data} activeError={active.data ? undefined : active.error} refetch={refetch} />}
      </QueryResult>
      {page.data && <DeploymentHistory ref={history} modelId={id} />}
    </>
  );
}
