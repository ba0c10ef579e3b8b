// How the shadow versions of a model compare with production: the latest run's metrics and
// per-window predictions, agreement over time, recent runs, and a form to start a new run.
import { Link, useParams, useSearchParams } from "react-router-dom";
import { ZoneToggle } from "../../../components/ChartParts";
import { Empty, QueryResult } from "../../../components/States";
import { graphql } from "../../../gql";
import type { ShadowReportQuery } from "../../../gql/graphql";
import { formatMs, formatPercent, formatTime } from "../../../lib/format";
import { useQuery } from "../../../lib/hooks";
import { ModelTabs } from "../../models/components/ModelTabs";
import { ScoringRunForm } from "../components/ScoringRunForm";
import { PredictionsChart, TrendCharts } from "../components/ShadowCharts";
import { ScoringRunStatus } from "../components/ScoringRunStatus";

export const ShadowModelDocument = graphql(`
  query ShadowModel($id: ID!) {
    model(id: $id) { id name }
  }
`);

export const ShadowReportDocument = graphql(`
  query ShadowReport($modelName: String!, $windowsFrom: Int! = 0) {
    shadowReport(modelName: $modelName) {
      modelName
      production { id version }
      shadows { id version viewerCanSetStage }
      latestRun {
        id
        productionLatencyP50Ms
        productionLatencyP95Ms
        metrics { version { id version } windows agreementRate meanAbsDifference latencyP50Ms latencyP95Ms }
        ...ScoringRunStatus_Run
      }
      latestComparison(first: 5000, offset: $windowsFrom) { ...ShadowCharts_Comparison }
      trend { ...ShadowCharts_Trend }
      runs { id createdAt ...ScoringRunStatus_Run }
    }
  }
`);

/** The scored asset's failure episodes within the finished run's range, shaded on its chart. */
export const RunEpisodesDocument = graphql(`
  query RunEpisodes($assetId: ID!, $from: DateTime!, $to: DateTime!) {
    asset(id: $assetId) {
      id
      events(from: $from, to: $to) { id label startsAt endsAt }
    }
  }
`);

type Report = ShadowReportQuery["shadowReport"];

const num = (v: number | null | undefined) => (v == null ? "—" : v.toPrecision(3));

function LatestRun({ run }: { run: NonNullable<Report["latestRun"]> }) {
  return (
    <section className="panel stack" aria-labelledby="latest-title">
      <h2 id="latest-title" style={{ margin: 0 }}>Latest run</h2>
      <ScoringRunStatus run={run} />
      {run.metrics.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Shadow metrics of the latest run">
            <thead>
              <tr><th>Version</th><th>Agreement</th><th>Mean abs. difference</th><th>Latency P50 / P95</th><th>Windows</th></tr>
            </thead>
            <tbody>
              <tr>
                <td>production</td><td>—</td><td>—</td>
                <td>{formatMs(run.productionLatencyP50Ms)} / {formatMs(run.productionLatencyP95Ms)}</td><td>{run.windows}</td>
              </tr>
              {run.metrics.map((m) => (
                <tr key={m.version.id}>
                  <td><Link to={`/models/versions/${encodeURIComponent(m.version.id)}`}>shadow v{m.version.version}</Link></td>
                  <td>{formatPercent(m.agreementRate, 1)}</td>
                  <td>{num(m.meanAbsDifference)}</td>
                  <td>{formatMs(m.latencyP50Ms)} / {formatMs(m.latencyP95Ms)}</td>
                  <td>{m.windows}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Report({ report, refetch, onPage }: { report: Report; refetch: () => void; onPage: (offset: number) => void }) {
  // Starting a run takes the same right as moving versions to shadow (the server checks SET_STAGE);
  // the schema has no flag of its own for it, so the shadows' `viewerCanSetStage` answers.
  const canScore = report.shadows.some((s) => s.viewerCanSetStage);
  // latestComparison is of the newest finished run, as the server picks it.
  const finished = report.runs.find((r) => r.status === "SUCCEEDED");
  const episodes = useQuery(
    RunEpisodesDocument,
    { assetId: finished?.asset?.id ?? "", from: finished?.from ?? "", to: finished?.to ?? "" },
    { skip: !finished?.asset },
  );
  const versions = (
    <p>
      Production: {report.production ? <strong>v{report.production.version}</strong> : <span className="muted">none live</span>} ·
      Shadow: {report.shadows.length ? report.shadows.map((s) => `v${s.version}`).join(", ") : <span className="muted">none</span>}
    </p>
  );
  return (
    <>
      {versions}
      {!report.production || report.shadows.length === 0 ? (
        <Empty>
          A scoring run needs a LIVE production deployment and at least one version in shadow: deploy one, and move
          another to shadow from its version page.
        </Empty>
      ) : canScore ? (
        <ScoringRunForm modelName={report.modelName} onFinished={refetch} />
      ) : null}
      {report.runs.length === 0 ? (
        <Empty>No scoring runs yet.</Empty>
      ) : (
        <>
          {report.latestRun && <LatestRun run={report.latestRun} />}
          <div className="panel stack">
            <ZoneToggle at={Date.parse(report.runs[0]!.createdAt)} />
            {report.latestComparison ? (
              <>
                <PredictionsChart comparison={report.latestComparison} onPage={onPage} episodes={episodes.data?.asset.events} />
                {episodes.error && <p className="muted">The asset&apos;s failure episodes could not be read: {episodes.error.message}</p>}
              </>
            ) : (
              <p className="muted">No finished run to chart yet.</p>
            )}
            <TrendCharts trend={report.trend} />
          </div>
          <h2>Recent runs</h2>
          <div className="table-wrap">
            <table aria-label="Recent scoring runs">
              <thead><tr><th>Started</th><th>Run</th></tr></thead>
              <tbody>
                {report.runs.map((r) => (
                  <tr key={r.id}><td>{formatTime(r.createdAt)}</td><td><ScoringRunStatus run={r} /></td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

export function ShadowReportView() {
  const { id = "" } = useParams();
  const model = useQuery(ShadowModelDocument, { id });
  const name = model.data?.model.name;
  // The page of windows lives in the URL, so a reload or a shared link shows the same windows.
  const [params, setParams] = useSearchParams();
  const windowsFrom = Math.max(0, Math.floor(Number(params.get("windows") ?? 0)) || 0);
  const report = useQuery(ShadowReportDocument, { modelName: name ?? "", windowsFrom }, { skip: !name });
  const page = (offset: number) => {
    const next = new URLSearchParams(params);
    if (offset > 0) next.set("windows", String(offset));
    else next.delete("windows");
    setParams(next);
  };
  return (
    <>
      <h1>{name ?? "Model"} shadow report</h1>
      <ModelTabs modelId={id} />
      <QueryResult state={model} what="Loading the model">
        {() => (
          <QueryResult state={report} what="Loading the shadow report">
            {({ shadowReport }) => <Report report={shadowReport} refetch={report.refetch} onPage={page} />}
          </QueryResult>
        )}
      </QueryResult>
    </>
  );
}
