// The shadow report's charts: production's and each shadow's answer per window of the latest run,
// and each shadow's agreement (and P95 latency) over the runs. Columns come as parallel arrays.
import { graphql } from "../../../gql";
import type { ShadowCharts_ComparisonFragment, ShadowCharts_TrendFragment } from "../../../gql/graphql";
import { formatPercent } from "../../../lib/format";
import { LineChart, type Line } from "./LineChart";

graphql(`
  fragment ShadowCharts_Comparison on WindowComparison {
    windows
    production
    shadows { version { id version } values }
  }
`);

graphql(`
  fragment ShadowCharts_Trend on ShadowTrend {
    version { id version }
    at
    agreementRate
    meanAbsDifference
    latencyP95Ms
    productionLatencyP95Ms
  }
`);

/** Pairs of (time, value), leaving out windows without a finite value. */
function pairs(times: string[], values: (number | null)[]): [number, number][] {
  const out: [number, number][] = [];
  times.forEach((t, i) => {
    const v = values[i];
    if (typeof v === "number" && Number.isFinite(v)) out.push([Date.parse(t), v]);
  });
  return out;
}


export function PredictionsChart({ comparison }: { comparison: ShadowCharts_ComparisonFragment }) {
  const lines: Line[] = [
    { name: "production", points: pairs(comparison.windows, comparison.production) },
    ...comparison.shadows.map((s) => ({ name: `shadow v${s.version.version}`, points: pairs(comparison.windows, s.values), dashed: true })),
  ];
  return <LineChart title="Predictions per window, latest run" yLabel="first output value" lines={lines} />;
}

export function TrendCharts({ trend }: { trend: ShadowCharts_TrendFragment[] }) {
  const agreement: Line[] = trend.map((t) => ({ name: `shadow v${t.version.version}`, points: pairs(t.at, t.agreementRate) }));
  const latency: Line[] = [
    // Production's P95 is the same for every shadow of a run: take it from the first.
    ...(trend[0] ? [{ name: "production", points: pairs(trend[0].at, trend[0].productionLatencyP95Ms) }] : []),
    ...trend.map((t) => ({ name: `shadow v${t.version.version}`, points: pairs(t.at, t.latencyP95Ms), dashed: true })),
  ];
  return (
    <>
      <LineChart title="Agreement with production over time" yLabel="share of windows" yRange={[0, 1]} formatY={formatPercent} lines={agreement} />
      <LineChart title="P95 latency over time" yLabel="ms" lines={latency} />
    </>
  );
}
