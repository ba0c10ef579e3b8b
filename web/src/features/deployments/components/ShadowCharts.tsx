// The shadow report's charts: production's and each shadow's answer per window of the latest run
// (a page of its windows at a time, with a pager that says which of how many), and each shadow's
// agreement (and P95 latency) over the runs. Columns come as parallel arrays.
import { graphql } from "../../../gql";
import type { ShadowCharts_ComparisonFragment, ShadowCharts_TrendFragment } from "../../../gql/graphql";
import { formatCount, formatPercent } from "../../../lib/format";
import { LineChart, type Episode, type Line } from "./LineChart";

graphql(`
  fragment ShadowCharts_Comparison on WindowComparison {
    totalWindows
    offset
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


/** Windows per page of the per-window chart: enough for detail, few enough to draw at once. */
export const WINDOWS_PER_PAGE = 5000;

export function PredictionsChart({ comparison, episodes, onPage }: {
  comparison: ShadowCharts_ComparisonFragment;
  /** The scored asset's failure episodes within the run's range. */
  episodes?: Episode[];
  /** Asks for the page of windows that starts at this offset. */
  onPage: (offset: number) => void;
}) {
  const lines: Line[] = [
    { name: "production", points: pairs(comparison.windows, comparison.production) },
    ...comparison.shadows.map((s) => ({ name: `shadow v${s.version.version}`, points: pairs(comparison.windows, s.values), dashed: true })),
  ];
  const { offset, totalWindows: total } = comparison;
  const shown = comparison.windows.length;
  const paged = shown < total;
  return (
    <div className="stack" style={{ gap: 6 }}>
      <LineChart title="Predictions per window, latest finished run" yLabel="first output value" lines={lines} what="windows"
        episodes={episodes} />
      {paged && (
        <nav className="row pager" aria-label="Windows of the run" style={{ alignItems: "center" }}>
          <span data-testid="windows-shown">
            {shown
              ? `Windows ${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatCount(total)}`
              : `No windows after the first ${formatCount(offset)}: the run has ${formatCount(total)}`}
          </span>
          <button type="button" className="secondary" disabled={offset === 0}
            onClick={() => onPage(Math.max(0, Math.min(offset, total) - WINDOWS_PER_PAGE))}>Earlier windows</button>
          <button type="button" className="secondary" disabled={offset + shown >= total}
            onClick={() => onPage(offset + WINDOWS_PER_PAGE)}>Later windows</button>
        </nav>
      )}
    </div>
  );
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
      <LineChart title="Agreement with production over time" yLabel="share of windows" yRange={[0, 1]} formatY={formatPercent}
        lines={agreement} what="runs" />
      <LineChart title="P95 latency over time" yLabel="ms" lines={latency} what="runs" />
    </>
  );
}
