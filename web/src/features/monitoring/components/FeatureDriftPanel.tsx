// One monitored feature: PSI over time against its threshold, and the latest window's live and
// reference histograms over the same bins (the reference's deciles, or its categories).
import { graphql } from "../../../gql";
import type { FeatureDriftPanel_FeatureDriftFragment } from "../../../gql/graphql";
import { LineChart } from "../../deployments/components/LineChart";

export const FeatureDriftPanelFragment = graphql(`
  fragment FeatureDriftPanel_FeatureDrift on FeatureDrift {
    name
    kind
    featureType
    points { at psi ksStatistic ksPValue chiSquarePValue drifted liveCount referenceCount }
    histogram { edges categories live reference }
  }
`);

const fixed = (v: number | null | undefined, digits = 3) => (v == null ? "—" : v.toFixed(digits));

function binLabels(edges: number[] | null | undefined, categories: string[] | null | undefined): string[] {
  if (categories) return categories;
  const e = edges ?? [];
  return e.slice(0, -1).map((lo, i) => `${lo.toPrecision(3)} – ${e[i + 1]!.toPrecision(3)}`);
}

/** Live and reference shares per bin as paired bars, in plain SVG like the other charts. */
function Histogram({ title, labels, live, reference }: { title: string; labels: string[]; live: number[]; reference: number[] }) {
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0) || 1;
  const liveShare = live.map((n) => n / total(live));
  const refShare = reference.map((n) => n / total(reference));
  const top = Math.max(...liveShare, ...refShare, 0.01);
  const W = 560;
  const H = 150;
  const slot = (W - 40) / Math.max(1, labels.length);
  const bar = Math.max(2, slot / 2 - 2);
  const h = (share: number) => (share / top) * (H - 30);
  const summary = labels.map((l, i) => `${l}: live ${(liveShare[i]! * 100).toFixed(1)}%, reference ${(refShare[i]! * 100).toFixed(1)}%`);
  return (
    <figure className="histogram">
      <svg role="img" aria-label={`${title}: ${summary.join("; ")}`} viewBox={`0 0 ${W} ${H}`} width="100%">
        {labels.map((label, i) => (
          <g key={label} transform={`translate(${30 + i * slot},0)`}>
            <rect x={0} y={H - 20 - h(refShare[i]!)} width={bar} height={h(refShare[i]!)} fill="#8c959f">
              <title>{`${label}: reference ${(refShare[i]! * 100).toFixed(1)}%`}</title>
            </rect>
            <rect x={bar + 2} y={H - 20 - h(liveShare[i]!)} width={bar} height={h(liveShare[i]!)} fill="#0b5cad">
              <title>{`${label}: live ${(liveShare[i]! * 100).toFixed(1)}%`}</title>
            </rect>
          </g>
        ))}
        <line x1={28} x2={W - 8} y1={H - 20} y2={H - 20} stroke="#57606a" />
      </svg>
      <figcaption className="muted">{title}: grey the reference, blue the live window (share of values per bin).</figcaption>
    </figure>
  );
}

export function FeatureDriftPanel({ feature, psiThreshold }: {
  feature: FeatureDriftPanel_FeatureDriftFragment;
  psiThreshold: number;
}) {
  const f = feature;
  const latest = f.points[f.points.length - 1];
  const psi = f.points.map((p) => [Date.parse(p.at), p.psi] as [number, number]);
  const threshold: [number, number][] = psi.length ? [[psi[0]![0], psiThreshold], [psi[psi.length - 1]![0], psiThreshold]] : [];
  return (
    <section className="panel stack" aria-labelledby={`feature-${f.name}`}>
      <h3 id={`feature-${f.name}`} style={{ margin: 0 }}>
        {f.name} <span className="muted">({f.kind.toLowerCase()}, {f.featureType.toLowerCase()})</span>{" "}
        {latest?.drifted ? <span className="badge bad">drifted</span> : <span className="badge ok">stable</span>}
      </h3>
      {latest && (
        <p className="muted">
          Latest window: PSI {fixed(latest.psi)}
          {f.featureType === "NUMERIC"
            ? ` · KS D ${fixed(latest.ksStatistic)} (p ${fixed(latest.ksPValue, 4)})`
            : ` · chi-square p ${fixed(latest.chiSquarePValue, 4)}`}
          {` · ${latest.liveCount} live, ${latest.referenceCount} reference values`}
        </p>
      )}
      <LineChart
        title={`PSI of ${f.name} over time`}
        lines={[{ name: "PSI", points: psi }, { name: "threshold", points: threshold, dashed: true }]}
        what="windows"
      />
      {f.histogram && (
        <Histogram
          title={`Live vs reference, ${f.name}`}
          labels={binLabels(f.histogram.edges, f.histogram.categories)}
          live={f.histogram.live}
          reference={f.histogram.reference}
        />
      )}
    </section>
  );
}
