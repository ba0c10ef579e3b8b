// One deployment: where it stands (status, traffic, canary steps, endpoint), its timeline, and the
// rollback / retire actions the server allows; follows `deploymentUpdated` until it is final.
import { Link, useParams } from "react-router-dom";
import { QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { useQuery, useSubscription } from "../../../lib/hooks";
import { FINAL_DEPLOYMENT } from "../components/DeploymentBadge";
import { DeploymentTimeline } from "../components/DeploymentTimeline";
import { ActiveEnvironmentsDocument, EnvironmentPanel } from "../components/EnvironmentPanel";

export const DeploymentPageDocument = graphql(`
  query DeploymentPage($id: ID!) {
    deployment(id: $id) {
      id
      status
      environment
      model { id name }
      version { id version }
      ...EnvironmentPanel_Deployment
      ...DeploymentTimeline_Deployment
    }
  }
`);

export const DeploymentWatchDocument = graphql(`
  subscription DeploymentWatch($id: ID!) {
    deploymentUpdated(id: $id) { id status trafficPercent message }
  }
`);

export function DeploymentView() {
  const { id = "" } = useParams();
  const page = useQuery(DeploymentPageDocument, { id });
  const status = page.data?.deployment.status;
  const name = page.data?.deployment.model.name;
  // What serves the environment comes from the server, whatever became of this deployment.
  const active = useQuery(ActiveEnvironmentsDocument, { modelName: name ?? "" }, { skip: !name });
  const refetch = () => {
    page.refetch();
    active.refetch();
  };
  // Each pushed change refetches the whole page: the timeline and the actions follow too.
  useSubscription(DeploymentWatchDocument, { id }, refetch, { skip: !status || FINAL_DEPLOYMENT.has(status) });
  return (
    <>
      <QueryResult state={page} what="Loading the deployment">
        {({ deployment: d }) => {
          const env = d.environment === "STAGING" ? "Staging" : "Production";
          const rolling = d.status === "PENDING" || d.status === "ROLLING_OUT";
          const now = active.data && (d.environment === "STAGING" ? active.data.activeModels.staging : active.data.activeModels.production);
          return (
            <>
              <p className="muted" style={{ margin: 0 }}>
                <Link to={`/models/${encodeURIComponent(d.model.id)}/deployments`}>{d.model.name} deployments</Link>
              </p>
              <h1>{d.model.name} v{d.version.version} in {env.toLowerCase()}</h1>
              <EnvironmentPanel title={env} modelName={d.model.name} now={now} nowError={active.data ? undefined : active.error}
                rolling={rolling ? d : undefined} latest={rolling ? undefined : d} latestTitle="This deployment" onChanged={refetch} />
              <DeploymentTimeline deployment={d} />
            </>
          );
        }}
      </QueryResult>
    </>
  );
}
