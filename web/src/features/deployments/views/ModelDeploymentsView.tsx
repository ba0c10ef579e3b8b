// A model's deployments: staging, production and shadow side by side (version, strategy, traffic
// split, status, endpoint), then every deployment, newest first. Follows `deploymentsChanged`.
import { Link, useParams } from "react-router-dom";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { EnvironmentPanel_DeploymentFragment, ModelDeploymentsQuery } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { useQuery, useSubscription } from "../../../lib/hooks";
import { ModelTabs } from "../../models/components/ModelTabs";
import { DeploymentBadge, IN_FLIGHT, words } from "../components/DeploymentBadge";
import { EnvironmentPanel } from "../components/EnvironmentPanel";
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

function pick(all: D[], environment: "STAGING" | "PRODUCTION") {
  const mine = all.filter((d) => d.environment === environment); // newest first
  return {
    live: mine.find((d) => d.status === "LIVE"),
    rolling: mine.find((d) => IN_FLIGHT.has(d.status)),
    latest: mine[0],
  };
}

function Page({ data, refetch }: { data: ModelDeploymentsQuery; refetch: () => void }) {
  const all = data.deployments.edges.map((e) => e.node);
  return (
    <>
      <div className="envs">
        <EnvironmentPanel title="Staging" {...pick(all, "STAGING")} onChanged={refetch} />
        <EnvironmentPanel title="Production" {...pick(all, "PRODUCTION")} onChanged={refetch} />
        <ShadowPanel modelName={data.model.name} versions={data.model.versions} onChanged={refetch} />
      </div>
      <h2>All deployments</h2>
      {all.length === 0 ? (
        <Empty>No deployments yet: open a validated version and deploy it to staging.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr><th>Version</th><th>Environment</th><th>Strategy</th><th>Status</th><th>Traffic</th><th>Started</th></tr></thead>
            <tbody>
              {all.map((d) => (
                <tr key={d.id}>
                  <td><Link to={`/deployments/${encodeURIComponent(d.id)}`}>v{d.version.version} → {d.environment.toLowerCase()}</Link></td>
                  <td>{words(d.environment)}</td>
                  <td>{words(d.strategy)}</td>
                  <td><DeploymentBadge status={d.status} /></td>
                  <td>{d.trafficPercent}%</td>
                  <td>{formatTime(d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ModelDeploymentsView() {
  const { id = "" } = useParams();
  const page = useQuery(ModelDeploymentsDocument, { id });
  useSubscription(ModelDeploymentsChangedDocument, { modelId: id }, () => page.refetch());
  return (
    <>
      <h1>{page.data?.model.name ?? "Model"} deployments</h1>
      <ModelTabs modelId={id} />
      <QueryResult state={page} what="Loading deployments">
        {(data) => <Page data={data} refetch={page.refetch} />}
      </QueryResult>
    </>
  );
}
