// A small line chart in plain SVG (the same approach as the asset history chart: no chart
// library), drawn 1:1 at the figure's width so labels stay legible on a phone.
import { useRef } from "react";
import { formatTick, ticks, useWidth } from "../../../components/chartAxes";

export interface Line {
  name: string;
  /** [time in ms, value] pairs, in time order. */
  points: [number, number][];
  dashed?: boolean;
}

const H = 180;
const PAD = { left: 52, right: 12, top: 10, bottom: 22 };
const COLORS = ["#0b5cad", "#bf8700", "#8250df", "#1a7f37"];

export function LineChart({ title, lines, yLabel, yRange, formatY = (v) => v.toPrecision(3) }: {
  title: string;
  lines: Line[];
  yLabel?: string;
  /** Fixed y axis (e.g. [0, 1] for a rate); otherwise from the data. */
  yRange?: [number, number];
  formatY?: (v: number) => string;
}) {
  const figure = useRef<HTMLElement>(null);
  const W = useWidth(figure, 640, 260);
  const all = lines.flatMap((l) => l.points);
  if (all.length === 0) {
    return (
      <figure className="chart" style={{ margin: 0 }} ref={figure}>
        <figcaption><strong>{title}</strong></figcaption>
        <div className="state empty">No points to draw yet.</div>
      </figure>
    );
  }
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const instant = x0 === x1; // one run so far: one tick under its point, centred
  if (instant) [x0, x1] = [x0 - 30e3, x1 + 30e3];
  let [y0, y1] = yRange ?? [Math.min(...ys), Math.max(...ys)];
  if (!yRange) {
    const pad = (y1 - y0) * 0.08 || Math.abs(y0) * 0.1 || 1;
    [y0, y1] = [y0 - pad, y1 + pad];
  }
  const x = (t: number) => PAD.left + ((t - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const summary = lines.map((l) => `${l.name}: ${l.points.length} point${l.points.length === 1 ? "" : "s"}`).join("; ");
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
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title}: ${summary}`} style={{ display: "block" }}>
        {ticks(y0, y1, 4).map((v) => (
          <g key={`y${v}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#e5e9ee" />
            <text x={PAD.left - 6} y={y(v) + 4} fontSize="11" textAnchor="end" fill="#57606a">{formatY(v)}</text>
          </g>
        ))}
        {(instant ? [(x0 + x1) / 2] : ticks(x0, x1, W < 500 ? 3 : 5)).map((t, i, every) => (
          <text key={`x${t}`} x={x(t)} y={H - 6} fontSize="11" fill="#57606a"
            textAnchor={instant ? "middle" : i === 0 ? "start" : i === every.length - 1 ? "end" : "middle"}>{formatTick(t, x1 - x0)}</text>
        ))}
        {lines.map((l, i) => {
          const color = COLORS[i % COLORS.length];
          const d = l.points.map(([t, v], k) => `${k ? "L" : "M"}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join("");
          return (
            <g key={l.name}>
              <path d={d} fill="none" stroke={color} strokeWidth="1.5" strokeDasharray={l.dashed ? "5 3" : undefined} />
              {l.points.length <= 40 && l.points.map(([t, v]) => <circle key={t} cx={x(t)} cy={y(v)} r="2.5" fill={color} />)}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
