// A version's stage and deployments on its page, with deploy / promote / shadow actions the server
// allows; follows the model's deployments live so a rollout's progress shows without a reload.
import { Link } from "react-router-dom";
import { Empty } from "../../../components/States";
import { graphql } from "../../../gql";
import type { VersionDeployments_VersionFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { useSubscription } from "../../../lib/hooks";
import { DeploymentBadge, words } from "./DeploymentBadge";
import { DeployPanel } from "./DeployPanel";
import { EndpointUrl } from "./EndpointUrl";
import { StageControl } from "./StageControl";

graphql(`
  fragment VersionDeployments_Version on ModelVersion {
    id
    version
    stage
    viewerCanDeployStaging
    viewerCanDeployProduction
    viewerCanSetStage
    model { id }
    deployments { id environment strategy status trafficPercent endpointUrl createdAt }
  }
`);

export const ModelDeploymentsChangedDocument = graphql(`
  subscription ModelDeploymentsChanged($modelId: ID!) {
    deploymentsChanged(modelId: $modelId) { id status trafficPercent }
  }
`);

export function VersionDeployments({ version: v, onChanged }: { version: VersionDeployments_VersionFragment; onChanged: () => void }) {
  useSubscription(ModelDeploymentsChangedDocument, { modelId: v.model.id }, () => onChanged());
  return (
    <>
      <h2>Deployments</h2>
      <p>
        Stage: <span className="badge">{v.stage}</span>{" "}
        <Link to={`/models/${encodeURIComponent(v.model.id)}/deployments`}>all deployments of this model</Link>
      </p>
      <DeployPanel versionId={v.id} canDeployStaging={v.viewerCanDeployStaging} canDeployProduction={v.viewerCanDeployProduction} onDone={onChanged} />
      <StageControl versionId={v.id} label={`v${v.version}`} stage={v.stage} canSetStage={v.viewerCanSetStage} onDone={onChanged} />
      {v.deployments.length === 0 ? (
        <Empty>This version has not been deployed.</Empty>
      ) : (
        <div className="table-wrap" style={{ marginTop: 12 }}>
          <table aria-label={`Deployments of v${v.version}`}>
            <thead><tr><th>Environment</th><th>Status</th><th>Strategy</th><th>Traffic</th><th>Endpoint</th><th>Started</th></tr></thead>
            <tbody>
              {v.deployments.map((d) => (
                <tr key={d.id}>
                  <td><Link to={`/deployments/${encodeURIComponent(d.id)}`}>{words(d.environment)}</Link></td>
                  <td><DeploymentBadge status={d.status} /></td>
                  <td>{words(d.strategy)}</td>
                  <td>{d.trafficPercent}%</td>
                  <td>{d.status === "LIVE" ? <EndpointUrl url={d.endpointUrl} /> : <span className="muted">—</span>}</td>
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
