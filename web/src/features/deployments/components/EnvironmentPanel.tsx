// One environment of a model (staging or production): what serves it now and with which share of
// the traffic (from the server's `activeModels`, never inferred from old deployment rows), the
// endpoint, the deployment rolling out, and the actions the server allows this viewer.
import { Link } from "react-router-dom";
import { ErrorMessage } from "../../../components/States";
import { graphql } from "../../../gql";
import type { EnvironmentNow_EndpointFragment, EnvironmentPanel_DeploymentFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import type { GraphQLFailure } from "../../../lib/graphql";
import { CanaryProgress } from "./CanaryProgress";
import { DeploymentActions } from "./DeploymentActions";
import { DeploymentBadge, words } from "./DeploymentBadge";
import { EndpointUrl } from "./EndpointUrl";
import { endpointName, servingNow, servingSentence, trafficShares, type Server } from "./servingNow";
import { TrafficBar } from "./TrafficBar";
import "../deployments.css";

graphql(`
  fragment EnvironmentPanel_Deployment on Deployment {
    id
    environment
    strategy
    status
    trafficPercent
    endpointUrl
    message
    createdAt
    createdBy { id email }
    version { id version }
    previous { id version { id version } }
    viewerCanRollback
    viewerCanRetire
    ...CanaryProgress_Deployment
  }
`);

graphql(`
  fragment EnvironmentNow_Endpoint on ActiveEndpoint {
    endpointUrl
    trafficPercent
    versionNumber
    version { id }
    deployment { ...EnvironmentPanel_Deployment }
    canary {
      endpointUrl
      trafficPercent
      versionNumber
      version { id }
      deployment { ...EnvironmentPanel_Deployment }
    }
  }
`);

/** What serves staging and production now; every page that shows an environment asks this. */
export const ActiveEnvironmentsDocument = graphql(`
  query ActiveEnvironments($modelName: String!) {
    activeModels(modelName: $modelName) {
      modelName
      production { ...EnvironmentNow_Endpoint }
      staging { ...EnvironmentNow_Endpoint }
    }
  }
`);

type D = EnvironmentPanel_DeploymentFragment;

function Deployment({ d, title, endpoint, servers, onChanged }: {
  d: D;
  title: string;
  endpoint: string;
  servers: Server[];
  onChanged: () => void;
}) {
  const env = d.environment.toLowerCase();
  const share = servers.find((s) => s.deployment?.id === d.id)?.percent ?? 0;
  const others = servers.filter((s) => s.deployment?.id !== d.id).map((s) => `v${s.version}`);
  // The message of the version a canary is taking traffic from tells how it went live ("Live: 100 %
  // of production traffic"): stale while the split is moving, so the Now line alone speaks then.
  const stale = title === "Serving" && others.length > 0;
  return (
    <div className="stack env-deployment" style={{ gap: 8 }}>
      <div className="row" style={{ alignItems: "center", gap: 8 }}>
        <strong>{title}</strong>
        <Link to={`/models/versions/${encodeURIComponent(d.version.id)}`}>v{d.version.version}</Link>
        <DeploymentBadge status={d.status} />
        <span className="muted">{words(d.strategy)}</span>
      </div>
      {d.strategy === "CANARY" && (d.status === "PENDING" || d.status === "ROLLING_OUT") && <CanaryProgress deployment={d} percent={share} />}
      {d.message && !stale && <p style={{ margin: 0 }}>{d.message}</p>}
      <span className="muted" style={{ fontSize: ".85rem" }}>
        Started {formatTime(d.createdAt)}{d.createdBy && ` by ${d.createdBy.email}`} ·{" "}
        <Link to={`/deployments/${encodeURIComponent(d.id)}`} aria-label={`Details and timeline of ${env} v${d.version.version}`}>
          details and timeline
        </Link>
      </span>
      <DeploymentActions deployment={d} label={`${env} v${d.version.version}`} endpoint={endpoint} share={share}
        others={others} onDone={onChanged} />
    </div>
  );
}

export function EnvironmentPanel({ title, modelName, now, nowError, rolling, latest, latestTitle = "Last deployment", onChanged }: {
  title: "Staging" | "Production";
  modelName: string;
  /** From `activeModels`: null when nothing serves the environment, undefined while it loads. */
  now: EnvironmentNow_EndpointFragment | null | undefined;
  nowError?: GraphQLFailure;
  /** A rollout that has no traffic yet (so `activeModels` does not list it). */
  rolling?: D;
  /** A deployment to show although it serves nothing (the newest one that failed, or the page's own). */
  latest?: D;
  latestTitle?: string;
  onChanged: () => void;
}) {
  const env = title.toLowerCase();
  const servers = servingNow(now);
  const endpoint = endpointName(now?.endpointUrl ?? rolling?.endpointUrl, `${modelName}-${env}`);
  const shown = new Set(servers.map((s) => s.deployment?.id));
  const blocks: { d: D; title: string }[] = [];
  for (const s of servers) if (s.deployment) blocks.push({ d: s.deployment, title: s.rollingOut ? "Rolling out" : "Serving" });
  if (rolling && !shown.has(rolling.id)) blocks.unshift({ d: rolling, title: "Rolling out" });
  if (latest && !shown.has(latest.id) && latest.id !== rolling?.id) blocks.push({ d: latest, title: latestTitle });
  return (
    <section className="panel" aria-labelledby={`env-${title}`}>
      <h2 id={`env-${title}`}>{title}</h2>
      {nowError ? (
        <ErrorMessage error={nowError} />
      ) : now === undefined ? (
        <p className="muted" role="status" style={{ margin: 0 }}>Asking what serves {env}…</p>
      ) : servers.length === 0 ? (
        <p style={{ margin: 0 }}>Nothing is serving {env}.</p>
      ) : (
        <>
          <p style={{ margin: 0 }}><strong>Now:</strong> {servingSentence(servers, env)}</p>
          <TrafficBar shares={trafficShares(servers)} label={`${title} traffic`} />
          <div><span className="muted">Endpoint </span><EndpointUrl url={now?.endpointUrl} /></div>
        </>
      )}
      {blocks.map((b) => (
        <Deployment key={b.d.id} d={b.d} title={b.title} endpoint={endpoint} servers={servers} onChanged={onChanged} />
      ))}
    </section>
  );
}
