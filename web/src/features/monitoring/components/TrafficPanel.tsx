// Latency and error rate of each version, from its logged (sampled) requests.
import { graphql } from "../../../gql";
import type { TrafficPanel_VersionTrafficFragment } from "../../../gql/graphql";
import { formatPercent } from "../../../lib/format";
import { LineChart } from "../../deployments/components/LineChart";

export const TrafficPanelFragment = graphql(`
  fragment TrafficPanel_VersionTraffic on VersionTraffic {
    version
    requests
    errors
    errorRate
    points { at requests errorRate latencyP50Ms latencyP95Ms }
  }
`);

export function TrafficPanel({ versions: vs }: { versions: TrafficPanel_VersionTrafficFragment[] }) {
  if (vs.length === 0) return <p className="muted">No logged requests in this range.</p>;
  const series = (pick: (p: (typeof vs)[number]["points"][number]) => number | null | undefined, label: string) =>
    vs.map((v) => ({
      name: `${v.version} ${label}`,
      points: v.points.filter((p) => pick(p) != null).map((p) => [Date.parse(p.at), pick(p)!] as [number, number]),
    }));
  return (
    <section className="panel stack" aria-labelledby="traffic-title">
      <h2 id="traffic-title" style={{ margin: 0 }}>Latency and errors per version</h2>
      <div className="table-wrap">
        <table aria-label="Logged requests per version">
          <thead><tr><th>Version</th><th>Logged requests</th><th>Errors</th><th>Error rate</th></tr></thead>
          <tbody>
            {vs.map((v) => (
              <tr key={v.version}><td>{v.version}</td><td>{v.requests}</td><td>{v.errors}</td><td>{formatPercent(v.errorRate, 1)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <LineChart title="Latency P50 and P95 (ms)" lines={[...series((p) => p.latencyP50Ms, "P50"), ...series((p) => p.latencyP95Ms, "P95")]} what="buckets" />
      <LineChart title="Error rate" lines={series((p) => p.errorRate, "errors")} yRange={[0, 1]} what="buckets" />
    </section>
  );
}
