// A small line chart in plain SVG (the same approach as the asset history chart: no chart
// library), drawn 1:1 at the figure's width so labels stay legible on a phone. Round ticks, the
// chosen timezone, a crosshair that reads every line at one time (hover, or ← → when focused),
// and a line longer than the plot has pixel columns is drawn decimated by min/max, which the
// chart says; the crosshair still reads the exact values.
import { useMemo, useRef, useState } from "react";
import { nearestIndex, niceDomain, useWidth } from "../../../components/chartAxes";
import { Crosshair, useCursorHandlers, TimeAxis, ValueAxis } from "../../../components/ChartParts";
import { decimateMinMax } from "../../../components/decimate";
import { formatInstant, useZoneMode } from "../../../components/timeZone";
import { formatCount } from "../../../lib/format";

/** A span to shade behind the lines (an asset's failure episode). */
export interface Episode {
  id: string;
  label: string;
  startsAt: string;
  endsAt: string;
}

export interface Line {
  name: string;
  /** [time in ms, value] pairs, in time order. */
  points: [number, number][];
  dashed?: boolean;
}

const H = 192;
const PAD = { left: 52, right: 12, top: 10, bottom: 34 };
const COLORS = ["#0b5cad", "#bf8700", "#8250df", "#1a7f37"];
const EPISODE = "#cf222e";

const reading = (v: number) => v.toLocaleString(undefined, { maximumSignificantDigits: 4 });

export function LineChart({ title, lines, yLabel, yRange, formatY, what = "points", episodes = [] }: {
  title: string;
  lines: Line[];
  episodes?: Episode[];
  yLabel?: string;
  /** Fixed y axis (e.g. [0, 1] for a rate); otherwise round values around the data. */
  yRange?: [number, number];
  formatY?: (v: number) => string;
  /** What a point is, for the decimation note ("windows", "runs"). */
  what?: string;
}) {
  const figure = useRef<HTMLElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const W = useWidth(figure, 640, 260);
  const { zone } = useZoneMode();
  const [cursor, setCursor] = useState<number | null>(null);
  const columns = Math.max(50, W - PAD.left - PAD.right);
  const drawn = useMemo(() => lines.map((l) => decimateMinMax(l.points, columns)), [lines, columns]);
  // Every time any line has a point: the crosshair snaps to these.
  const times = useMemo(() => [...new Set(lines.flatMap((l) => l.points.map((p) => p[0])))].sort((a, b) => a - b), [lines]);
  const ys = lines.flatMap((l) => l.points.map((p) => p[1]));
  let [x0, x1] = [times[0] ?? 0, times[times.length - 1] ?? 0];
  if (x0 === x1) [x0, x1] = [x0 - 30e3, x1 + 30e3]; // one run so far: its point in the middle
  const [y0, y1] = yRange ?? niceDomain(Math.min(...ys), Math.max(...ys), 4);
  const x = (t: number) => PAD.left + ((t - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const hand = useCursorHandlers({ svg, width: W, left: PAD.left, right: PAD.right, from: x0, to: x1, times, cursor, onCursor: setCursor });
  if (times.length === 0) {
    return (
      <figure className="chart" style={{ margin: 0 }} ref={figure}>
        <figcaption><strong>{title}</strong></figcaption>
        <div className="state empty">No points to draw yet.</div>
      </figure>
    );
  }
  const summary = lines.map((l) => `${l.name}: ${l.points.length} point${l.points.length === 1 ? "" : "s"}`).join("; ");
  const longest = Math.max(...lines.map((l) => l.points.length));
  const decimated = drawn.some((d) => d.decimated);
  const shownMost = Math.max(...drawn.map((d) => d.points.length));
  const show = (v: number) => (formatY ? formatY(v) : reading(v));
  // Each line's value at the crosshair, where it has a point at exactly that time.
  const at = cursor == null ? [] : lines.map((l, i) => {
    const k = nearestIndex(l.points.map((p) => p[0]), cursor);
    const p = k >= 0 && l.points[k]![0] === cursor ? l.points[k]! : null;
    return { line: l, color: COLORS[i % COLORS.length]!, value: p ? p[1] : null };
  });
  const inEpisode = cursor == null ? [] : episodes.filter((e) => Date.parse(e.startsAt) <= cursor && cursor < Date.parse(e.endsAt));
  return (
    <figure className="chart" style={{ margin: 0 }} ref={figure}>
      <figcaption>
        <strong>{title}</strong>{yLabel && <span className="muted"> ({yLabel})</span>}
        <span className="traffic-legend muted" aria-hidden="true" style={{ display: "inline-flex", marginLeft: 12 }}>
          {lines.map((l, i) => (
            <span key={l.name}><i className="swatch" style={{ background: COLORS[i % COLORS.length] }} /> {l.name}</span>
          ))}
        </span>
      </figcaption>
      {episodes.length > 0 && (
        <p className="muted chart-note" style={{ margin: "2px 0" }}>
          Shaded: the asset&apos;s failure episode{episodes.length === 1 ? "" : "s"} ({episodes.map((e) => e.label).join(", ")}).
        </p>
      )}
      {decimated && (
        <p className="muted chart-note" style={{ margin: "2px 0" }}>
          Showing {formatCount(shownMost)} of {formatCount(longest)} {what}, decimated by min/max per pixel column; the
          crosshair reads every {what.replace(/s$/, "")}.
        </p>
      )}
      <div className="chart-readout" aria-live="polite">
        {cursor != null ? (
          <>
            <strong>{formatInstant(cursor, zone, { seconds: true })}</strong>
            {at.map((a) => (
              <span key={a.line.name}> · <i className="swatch" style={{ background: a.color }} /> {a.line.name} {a.value == null ? "—" : show(a.value)}</span>
            ))}
            {inEpisode.map((e) => <span key={e.id} className="episode-tag"> · {e.label}</span>)}
          </>
        ) : (
          <span className="muted">Hover, or focus the chart and press ← →, to read values.</span>
        )}
      </div>
      <svg ref={svg} viewBox={`0 0 ${W} ${H}`} width="100%" role="img" tabIndex={0} aria-label={`${title}: ${summary}`}
        onPointerMove={hand.onPointerMove} onPointerLeave={hand.onPointerLeave} onKeyDown={hand.onKeyDown} onBlur={() => setCursor(null)}
        style={{ display: "block", touchAction: "pan-y", cursor: "crosshair" }}>
        {episodes.map((e) => {
          const [a, b] = [Math.max(x0, Date.parse(e.startsAt)), Math.min(x1, Date.parse(e.endsAt))];
          if (b <= a) return null;
          return (
            <g key={e.id} className="episode">
              <rect x={x(a)} width={Math.max(2, x(b) - x(a))} y={PAD.top} height={H - PAD.top - PAD.bottom} fill={EPISODE} opacity="0.1" />
              <rect x={x(a)} width={Math.max(2, x(b) - x(a))} y={PAD.top} height="3" fill={EPISODE} opacity="0.7" />
              <title>{`${e.label}: ${formatInstant(Date.parse(e.startsAt), zone)} to ${formatInstant(Date.parse(e.endsAt), zone)}`}</title>
            </g>
          );
        })}
        <ValueAxis lo={y0} hi={y1} y={y} left={PAD.left} right={W - PAD.right} count={4} format={formatY} />
        <TimeAxis from={x0} to={x1} x={x} top={PAD.top} bottom={H - PAD.bottom} left={PAD.left} right={W - PAD.right} zone={zone} />
        {lines.map((l, i) => {
          const color = COLORS[i % COLORS.length];
          const points = drawn[i]!.points;
          const d = points.map(([t, v], k) => `${k ? "L" : "M"}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join("");
          return (
            <g key={l.name}>
              <path d={d} fill="none" stroke={color} strokeWidth="1.5" strokeDasharray={l.dashed ? "5 3" : undefined} />
              {points.length <= 40 && points.map(([t, v]) => <circle key={t} cx={x(t)} cy={y(v)} r="2.5" fill={color} />)}
            </g>
          );
        })}
        {cursor != null && (
          <Crosshair x={x(cursor)} top={PAD.top} bottom={H - PAD.bottom}
            dots={at.filter((a) => a.value != null).map((a) => ({ y: y(a.value!), color: a.color }))} />
        )}
      </svg>
    </figure>
  );
}
