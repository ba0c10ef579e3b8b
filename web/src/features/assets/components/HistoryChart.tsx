// One small chart per tag in plain SVG: the min–max band and the average line per bucket, on a
// shared time axis. Dragging across a chart selects a range to zoom into (the view re-queries,
// and the server picks a finer bucket for the narrower range).
import { useMemo, useRef, useState, type PointerEvent } from "react";
import { formatTick, ticks, useWidth } from "../../../components/chartAxes";
import { graphql } from "../../../gql";
import type { HistoryChart_SeriesFragment } from "../../../gql/graphql";
import { float64s } from "./packed";

graphql(`
  fragment HistoryChart_Series on HistorySeries {
    tag { id name unit }
    packed { timesMs min max avg }
  }
`);

const H = 160;
const PAD = { left: 56, right: 12, top: 10, bottom: 22 };

function SeriesChart({ series, from, to, onZoom }: {
  series: HistoryChart_SeriesFragment;
  from: number;
  to: number;
  onZoom: (from: Date, to: Date) => void;
}) {
  const figure = useRef<HTMLElement>(null);
  const W = useWidth(figure, 800, 280);
  // Packed columns: epoch milliseconds and values as doubles, plotted as they are.
  const { times, mins, maxs, avgs } = useMemo(() => ({
    times: float64s(series.packed.timesMs),
    mins: float64s(series.packed.min),
    maxs: float64s(series.packed.max),
    avgs: float64s(series.packed.avg),
  }), [series.packed]);
  const lo = Math.min(...mins);
  const hi = Math.max(...maxs);
  const pad = (hi - lo) * 0.05 || 1;
  const [yLo, yHi] = [lo - pad, hi + pad];
  const x = (t: number) => PAD.left + ((t - from) / (to - from)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - yLo) / (yHi - yLo)) * (H - PAD.top - PAD.bottom);
  const band = Array.from(times, (t, i) => `${x(t)},${y(maxs[i]!)}`).join(" ") + " " +
    Array.from(times, (t, i) => `${x(t)},${y(mins[i]!)}`).reverse().join(" ");
  const line = Array.from(times, (t, i) => `${i ? "L" : "M"}${x(t).toFixed(1)},${y(avgs[i]!).toFixed(1)}`).join("");
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<[number, number] | null>(null);
  const toTime = (clientX: number) => {
    const box = svg.current!.getBoundingClientRect();
    const px = ((clientX - box.left) / box.width) * W;
    return from + ((px - PAD.left) / (W - PAD.left - PAD.right)) * (to - from);
  };
  const down = (e: PointerEvent) => {
    svg.current?.setPointerCapture(e.pointerId);
    const t = toTime(e.clientX);
    setDrag([t, t]);
  };
  const move = (e: PointerEvent) => drag && setDrag([drag[0], toTime(e.clientX)]);
  const up = () => {
    if (drag) {
      const [a, b] = [Math.max(from, Math.min(...drag)), Math.min(to, Math.max(...drag))];
      if (b - a > (to - from) / 200) onZoom(new Date(a), new Date(b)); // a click is not a zoom
    }
    setDrag(null);
  };
  const unit = series.tag.unit ? ` (${series.tag.unit})` : "";
  return (
    <figure className="chart" style={{ margin: 0 }} ref={figure}>
      <figcaption><strong>{series.tag.name}</strong>{unit}</figcaption>
      {times.length === 0 ? (
        <div className="state empty">No samples of {series.tag.name} in this range.</div>
      ) : (
        <svg ref={svg} viewBox={`0 0 ${W} ${H}`} width="100%" role="img" onPointerDown={down} onPointerMove={move}
          onPointerUp={up} style={{ touchAction: "none", cursor: "crosshair", display: "block" }}
          aria-label={`${series.tag.name}: ${times.length} points from ${lo.toFixed(2)} to ${hi.toFixed(2)}${unit}`}>
          {ticks(yLo, yHi, 4).map((v) => (
            <g key={`y${v}`}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#e5e9ee" />
              <text x={PAD.left - 6} y={y(v) + 4} fontSize="11" textAnchor="end" fill="#57606a">{v.toPrecision(3)}</text>
            </g>
          ))}
          {ticks(from, to, W < 500 ? 3 : 6).map((t, i, all) => (
            <text key={`x${t}`} x={x(t)} y={H - 6} fontSize="11" fill="#57606a"
              textAnchor={i === 0 ? "start" : i === all.length - 1 ? "end" : "middle"}>{formatTick(t, to - from)}</text>
          ))}
          <polygon points={band} fill="#0b5cad" opacity="0.18" />
          <path d={line} fill="none" stroke="#0b5cad" strokeWidth="1.3" />
          {drag && (
            <rect x={x(Math.min(...drag))} width={Math.abs(x(drag[1]) - x(drag[0]))} y={PAD.top}
              height={H - PAD.top - PAD.bottom} fill="#f2a900" opacity="0.25" />
          )}
        </svg>
      )}
    </figure>
  );
}

export function HistoryChart({ series, from, to, onZoom }: {
  series: HistoryChart_SeriesFragment[];
  from: Date;
  to: Date;
  onZoom: (from: Date, to: Date) => void;
}) {
  return (
    <div className="stack">
      {series.map((s) => (
        <SeriesChart key={s.tag.id} series={s} from={from.getTime()} to={to.getTime()} onZoom={onZoom} />
      ))}
    </div>
  );
}
