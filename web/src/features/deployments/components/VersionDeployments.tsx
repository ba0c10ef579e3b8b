// A version's stage and deployments on its page, with deploy / promote / shadow actions the server
// allows; follows the model's deployments live so a rollout's progress shows without a reload.
import { Link } from "react-router-dom";
import { Empty, ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { EnvironmentNow_EndpointFragment, Role, VersionDeployments_VersionFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { useQuery, useSubscription } from "../../../lib/hooks";
import { DeploymentBadge, FINAL_DEPLOYMENT, words } from "./DeploymentBadge";
import { DeployPanel } from "./DeployPanel";
import { EndpointUrl } from "./EndpointUrl";
import { ActiveEnvironmentsDocument } from "./EnvironmentPanel";
import { servingNow, servingSentence, trafficShares } from "./servingNow";
import { TrafficBar } from "./TrafficBar";
import { StageControl } from "./StageControl";

graphql(`
  fragment VersionDeployments_Version on ModelVersion {
    id
    version
    stage
    viewerCanDeployStaging
    viewerCanDeployProduction
    viewerCanSetStage
    model { id name }
    deployments { id environment strategy status trafficPercent endpointUrl createdAt }
  }
`);

export const ModelDeploymentsChangedDocument = graphql(`
  subscription ModelDeploymentsChanged($modelId: ID!) {
    deploymentsChanged(modelId: $modelId) { id status trafficPercent }
  }
`);

/** What serves staging and production now, whichever version's page this is. */
function ServingNow({ title, now }: { title: "Staging" | "Production"; now: EnvironmentNow_EndpointFragment | null | undefined }) {
  const servers = servingNow(now);
  return (
    <div className="stack" style={{ gap: 4, flex: 1, minWidth: 220 }}>
      <strong>{title}</strong>
      {now === undefined ? (
        <span className="muted">Asking…</span>
      ) : (
        <>
          <span>{servingSentence(servers, title.toLowerCase())}</span>
          {servers.length > 0 && <TrafficBar shares={trafficShares(servers)} label={`${title} traffic`} />}
        </>
      )}
    </div>
  );
}

export function VersionDeployments({ version: v, role, onChanged }: {
  version: VersionDeployments_VersionFragment;
  /** The viewer's role, to say why a control is missing ("Only admins promote to production"). */
  role?: Role;
  onChanged: () => void;
}) {
  const active = useQuery(ActiveEnvironmentsDocument, { modelName: v.model.name });
  const changed = () => {
    onChanged();
    active.refetch();
  };
  useSubscription(ModelDeploymentsChangedDocument, { modelId: v.model.id }, changed);
  const production = active.data?.activeModels.production;
  return (
    <>
      <h2>Deployments</h2>
      <p>
        Stage: <span className="badge">{v.stage}</span>{" "}
        <Link to={`/models/${encodeURIComponent(v.model.id)}/deployments`}>all deployments of this model</Link>
      </p>
      <section className="panel row" aria-label="Serving now" style={{ alignItems: "flex-start" }}>
        {active.error && !active.data ? (
          <ErrorMessage error={active.error} onRetry={active.refetch} />
        ) : (
          <>
            <ServingNow title="Staging" now={active.data?.activeModels.staging} />
            <ServingNow title="Production" now={production} />
          </>
        )}
      </section>
      <DeployPanel versionId={v.id} version={v.version} modelName={v.model.name} role={role} production={production}
        canDeployStaging={v.viewerCanDeployStaging} canDeployProduction={v.viewerCanDeployProduction} onDone={changed} />
      <StageControl versionId={v.id} label={`v${v.version}`} stage={v.stage} canSetStage={v.viewerCanSetStage} onDone={changed} />
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
                  <td>{FINAL_DEPLOYMENT.has(d.status) ? <span className="muted">—</span> : `${d.trafficPercent}%`}</td>
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
