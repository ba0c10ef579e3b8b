// A model's monitoring page: pick one of its LIVE deployments and a range; see per-feature drift
// (PSI over time, live vs reference histograms), latency and error rate per version, and alerts.
import { useState } from "react";
import { useParams, useSearchParams } from "react-router-dom";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import { formatTime } from "../../../lib/format";
import { useQuery } from "../../../lib/hooks";
import { ModelTabs } from "../../models/components/ModelTabs";
import { AlertList } from "../components/AlertList";
import { LoggingControls } from "../components/LoggingControls";
import { FeatureDriftPanel } from "../components/FeatureDriftPanel";
import { TrafficPanel } from "../components/TrafficPanel";

export const MonitoringDeploymentsDocument = graphql(`
  query MonitoringDeployments($id: ID!) {
    model(id: $id) { id name }
    deployments(modelId: $id, status: LIVE, first: 10) {
      edges { node { id environment version { id version } } }
    }
  }
`);

export const MonitoringReportDocument = graphql(`
  query MonitoringReport($deploymentId: ID!, $from: DateTime!, $to: DateTime!) {
    monitoringReport(deploymentId: $deploymentId, from: $from, to: $to) {
      deploymentId
      logging { samplePercent referenceFrom referenceTo }
      reference { kind description liveFrom liveTo note }
      thresholds { psi ksStatistic pValue }
      features { name kind ...FeatureDriftPanel_FeatureDrift }
      versions { version ...TrafficPanel_VersionTraffic }
      viewerCanConfigure
    }
  }
`);

const RANGES: Record<string, number> = { "6h": 6, "24h": 24, "7d": 24 * 7 };

function Report({ deploymentId, hours }: { deploymentId: string; hours: number }) {
  // The range ends at the next minute as of when the page opened, so a re-render does not ask again.
  const [opened] = useState(() => Math.ceil(Date.now() / 60e3) * 60e3);
  const to = new Date(opened);
  const from = new Date(opened - hours * 3600e3);
  const report = useQuery(MonitoringReportDocument, { deploymentId, from: from.toISOString(), to: to.toISOString() });
  return (
    <QueryResult state={report} what="Loading the monitoring report">
      {({ monitoringReport: r }) => (
        <>
          <p>
            {r.logging && r.logging.samplePercent > 0 ? `Logging ${r.logging.samplePercent} % of requests.` : "Payload logging is off for this deployment."}{" "}
            {r.reference.kind === "LIVE_WINDOW"
              ? `Reference: live window ${formatTime(r.reference.liveFrom)} – ${formatTime(r.reference.liveTo)}.`
              : r.reference.kind === "TRAINING_EXPORTS"
                ? `Reference: ${r.reference.description}.`
                : "No reference window chosen yet, and the version records no training export: drift is not computed."}{" "}
            {r.reference.note && <>{r.reference.note}{" "}</>}
            <span className="muted">Thresholds: PSI {r.thresholds.psi}, KS D {r.thresholds.ksStatistic}, p-value {r.thresholds.pValue}.</span>
          </p>
          {r.viewerCanConfigure && (
            <LoggingControls deploymentId={deploymentId} samplePercent={r.logging?.samplePercent ?? 0} onChanged={report.refetch} />
          )}
          <AlertList deploymentId={deploymentId} />
          <TrafficPanel versions={r.versions} />
          <h2>Drift per feature</h2>
          {r.features.length === 0 ? (
            <Empty>No drift figures in this range yet.</Empty>
          ) : (
            r.features.map((f) => <FeatureDriftPanel key={`${f.kind}-${f.name}`} feature={f} psiThreshold={r.thresholds.psi} />)
          )}
        </>
      )}
    </QueryResult>
  );
}

export function MonitoringView() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const found = useQuery(MonitoringDeploymentsDocument, { id });
  const range = params.get("range") ?? "24h";
  const hours = RANGES[range] ?? 24;
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next);
  };
  return (
    <>
      <h1>{found.data?.model.name ?? "Model"} monitoring</h1>
      <ModelTabs modelId={id} />
      <QueryResult state={found} what="Loading the model's deployments">
        {({ deployments }) => {
          const live = deployments.edges.map((e) => e.node);
          if (live.length === 0) return <Empty>No LIVE deployment: deploy a version to watch its traffic.</Empty>;
          const chosen = live.find((d) => d.id === params.get("deployment")) ?? live.find((d) => d.environment === "PRODUCTION") ?? live[0]!;
          return (
            <>
              <div className="row">
                <label>
                  Deployment{" "}
                  <select value={chosen.id} onChange={(e) => set("deployment", e.target.value)}>
                    {live.map((d) => (
                      <option key={d.id} value={d.id}>{d.environment.toLowerCase()} · v{d.version.version}</option>
                    ))}
                  </select>
                </label>{" "}
                <label>
                  Range{" "}
                  <select value={range} onChange={(e) => set("range", e.target.value)}>
                    {Object.keys(RANGES).map((r) => <option key={r} value={r}>last {r}</option>)}
                  </select>
                </label>
              </div>
              <Report deploymentId={chosen.id} hours={hours} />
            </>
          );
        }}
      </QueryResult>
    </>
  );
}
