// One environment of a model (staging or production): the version serving it, the one rolling
// out (with the traffic split between them and canary steps), the endpoint, and the actions the
// server allows this viewer.
import { Link } from "react-router-dom";
import { graphql } from "../../../gql";
import type { EnvironmentPanel_DeploymentFragment } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { CanaryProgress } from "./CanaryProgress";
import { DeploymentActions } from "./DeploymentActions";
import { DeploymentBadge, words } from "./DeploymentBadge";
import { EndpointUrl } from "./EndpointUrl";
import { TrafficBar, type TrafficShare } from "./TrafficBar";

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
    viewerCanRollback
    viewerCanRetire
    ...CanaryProgress_Deployment
  }
`);

type D = EnvironmentPanel_DeploymentFragment;

function shares(live: D | undefined, rolling: D | undefined): TrafficShare[] {
  if (rolling && live) {
    return [
      { label: `v${rolling.version.version} (new)`, percent: rolling.trafficPercent },
      { label: `v${live.version.version}`, percent: Math.max(0, 100 - rolling.trafficPercent) },
    ];
  }
  const only = rolling ?? live;
  return only ? [{ label: `v${only.version.version}`, percent: only.trafficPercent }] : [];
}

function Deployment({ d, title, onChanged }: { d: D; title: string; onChanged: () => void }) {
  const env = d.environment.toLowerCase();
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row" style={{ alignItems: "center", gap: 8 }}>
        <strong>{title}</strong>
        <Link to={`/models/versions/${encodeURIComponent(d.version.id)}`}>v{d.version.version}</Link>
        <DeploymentBadge status={d.status} />
        <span className="muted">{words(d.strategy)}</span>
      </div>
      {d.strategy === "CANARY" && d.status !== "RETIRED" && <CanaryProgress deployment={d} />}
      {d.message && <p style={{ margin: 0 }}>{d.message}</p>}
      <span className="muted" style={{ fontSize: ".85rem" }}>
        Started {formatTime(d.createdAt)}{d.createdBy && ` by ${d.createdBy.email}`} ·{" "}
        <Link to={`/deployments/${encodeURIComponent(d.id)}`} aria-label={`Details and timeline of ${env} v${d.version.version}`}>
          details and timeline
        </Link>
      </span>
      <DeploymentActions id={d.id} label={`${env} v${d.version.version}`} canRollback={d.viewerCanRollback}
        canRetire={d.viewerCanRetire} onDone={onChanged} />
    </div>
  );
}

export function EnvironmentPanel({ title, live, rolling, latest, onChanged }: {
  title: string;
  live?: D;
  rolling?: D;
  /** The newest deployment when nothing is live or rolling out (e.g. one that failed). */
  latest?: D;
  onChanged: () => void;
}) {
  const endpoint = live?.endpointUrl ?? rolling?.endpointUrl;
  return (
    <section className="panel" aria-labelledby={`env-${title}`}>
      <h2 id={`env-${title}`}>{title}</h2>
      {!live && !rolling ? (
        <>
          <p className="muted" style={{ margin: 0 }}>Nothing is serving {title.toLowerCase()}.</p>
          {latest && <Deployment d={latest} title="Last deployment" onChanged={onChanged} />}
        </>
      ) : (
        <>
          <TrafficBar shares={shares(live, rolling)} label={`${title} traffic`} />
          <div><span className="muted">Endpoint </span><EndpointUrl url={endpoint} /></div>
          {rolling && <Deployment d={rolling} title="Rolling out" onChanged={onChanged} />}
          {live && <Deployment d={live} title="Serving" onChanged={onChanged} />}
        </>
      )}
    </section>
  );
}
