// One small chart per tag in plain SVG: the min–max band and the average line per bucket, on a
// shared time axis in the chosen timezone, with the asset's failure episodes shaded behind. One
// crosshair moves over every chart at once (hover, touch, or ← → on a focused chart) and each
// chart writes its values at that time. Dragging across a chart selects a range to zoom into
// (the view re-queries, and the server picks a finer bucket for the narrower range).
import { useMemo, useRef, useState, type PointerEvent } from "react";
import { niceDomain, nearestIndex, useWidth } from "../../../components/chartAxes";
import { Crosshair, useCursorHandlers, TimeAxis, ValueAxis } from "../../../components/ChartParts";
import { formatInstant, type Zone } from "../../../components/timeZone";
import { graphql } from "../../../gql";
import type { HistoryChart_EventFragment, HistoryChart_SeriesFragment } from "../../../gql/graphql";
import { float64s } from "./packed";

graphql(`
  fragment HistoryChart_Series on HistorySeries {
    tag { id name unit }
    packed { timesMs min max avg }
  }
`);

graphql(`
  fragment HistoryChart_Event on AssetEvent {
    id kind label startsAt endsAt
    tag { id name }
  }
`);

const H = 172;
const PAD = { left: 56, right: 12, top: 10, bottom: 34 };
const BLUE = "#0b5cad";
const EPISODE = "#cf222e";

/** A reading for the crosshair: four significant digits, the locale's grouping. */
export function formatReading(v: number): string {
  return v.toLocaleString(undefined, { maximumSignificantDigits: 4 });
}

interface Props {
  from: number;
  to: number;
  zone: Zone;
  episodes: HistoryChart_EventFragment[];
  cursor: number | null;
  onCursor: (t: number | null) => void;
  onZoom: (from: Date, to: Date) => void;
}

function SeriesChart({ series, from, to, zone, episodes, cursor, onCursor, onZoom }: Props & { series: HistoryChart_SeriesFragment }) {
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
  const [yLo, yHi] = niceDomain(lo, hi, 4);
  const x = (t: number) => PAD.left + ((t - from) / (to - from)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - yLo) / (yHi - yLo)) * (H - PAD.top - PAD.bottom);
  const band = Array.from(times, (t, i) => `${x(t)},${y(maxs[i]!)}`).join(" ") + " " +
    Array.from(times, (t, i) => `${x(t)},${y(mins[i]!)}`).reverse().join(" ");
  const line = Array.from(times, (t, i) => `${i ? "L" : "M"}${x(t).toFixed(1)},${y(avgs[i]!).toFixed(1)}`).join("");
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<[number, number] | null>(null);
  const hand = useCursorHandlers({ svg, width: W, left: PAD.left, right: PAD.right, from, to, times, cursor, onCursor });
  const down = (e: PointerEvent) => {
    svg.current?.setPointerCapture?.(e.pointerId);
    const t = hand.timeAt(e.clientX);
    setDrag([t, t]);
  };
  const move = (e: PointerEvent) => {
    hand.onPointerMove(e);
    if (drag) setDrag([drag[0], hand.timeAt(e.clientX)]);
  };
  const up = () => {
    if (drag) {
      const [a, b] = [Math.max(from, Math.min(...drag)), Math.min(to, Math.max(...drag))];
      if (b - a > (to - from) / 200) onZoom(new Date(a), new Date(b)); // a click is not a zoom
    }
    setDrag(null);
  };
  const unit = series.tag.unit ? ` ${series.tag.unit}` : "";
  const i = cursor == null ? -1 : nearestIndex(times, cursor);
  // The crosshair shows only where this tag has a bucket near the shared time (gaps stay gaps).
  const at = i >= 0 && cursor != null && Math.abs(times[i]! - cursor) <= (to - from) / 100 ? i : -1;
  const inEpisode = at >= 0 ? episodes.filter((e) => Date.parse(e.startsAt) <= times[at]! && times[at]! < Date.parse(e.endsAt)) : [];
  return (
    <figure className="chart" style={{ margin: 0 }} ref={figure}>
      <figcaption><strong>{series.tag.name}</strong>{series.tag.unit && ` (${series.tag.unit})`}</figcaption>
      {times.length === 0 ? (
        <div className="state empty">No samples of {series.tag.name} in this range.</div>
      ) : (
        <>
          <div className="chart-readout" aria-live="polite">
            {at >= 0 ? (
              <>
                <strong>{formatInstant(times[at]!, zone)}</strong> · avg {formatReading(avgs[at]!)}{unit} · min {formatReading(mins[at]!)} ·
                max {formatReading(maxs[at]!)}
                {inEpisode.map((e) => <span key={e.id} className="episode-tag"> · {e.label}</span>)}
              </>
            ) : (
              <span className="muted">Hover, or focus the chart and press ← →, to read values.</span>
            )}
          </div>
          <svg ref={svg} viewBox={`0 0 ${W} ${H}`} width="100%" role="img" tabIndex={0}
            onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerLeave={hand.onPointerLeave} onKeyDown={hand.onKeyDown}
            onBlur={() => onCursor(null)}
            style={{ touchAction: "none", cursor: "crosshair", display: "block" }}
            aria-label={`${series.tag.name}: ${times.length} points from ${formatReading(lo)} to ${formatReading(hi)}${unit}`}>
            {episodes.map((e) => {
              const [a, b] = [Math.max(from, Date.parse(e.startsAt)), Math.min(to, Date.parse(e.endsAt))];
              if (b <= a) return null;
              return (
                <g key={e.id} className="episode">
                  <rect x={x(a)} width={Math.max(2, x(b) - x(a))} y={PAD.top} height={H - PAD.top - PAD.bottom} fill={EPISODE} opacity="0.1" />
                  <rect x={x(a)} width={Math.max(2, x(b) - x(a))} y={PAD.top} height="3" fill={EPISODE} opacity="0.7" />
                  <title>{`${e.label}: ${formatInstant(Date.parse(e.startsAt), zone)} to ${formatInstant(Date.parse(e.endsAt), zone)}`}</title>
                </g>
              );
            })}
            <ValueAxis lo={yLo} hi={yHi} y={y} left={PAD.left} right={W - PAD.right} count={4} />
            <TimeAxis from={from} to={to} x={x} top={PAD.top} bottom={H - PAD.bottom} left={PAD.left} right={W - PAD.right} zone={zone} />
            <polygon points={band} fill={BLUE} opacity="0.18" />
            <path d={line} fill="none" stroke={BLUE} strokeWidth="1.3" />
            {at >= 0 && <Crosshair x={x(times[at]!)} top={PAD.top} bottom={H - PAD.bottom} dots={[{ y: y(avgs[at]!), color: BLUE }]} />}
            {drag && (
              <rect x={x(Math.min(...drag))} width={Math.abs(x(drag[1]) - x(drag[0]))} y={PAD.top}
                height={H - PAD.top - PAD.bottom} fill="#f2a900" opacity="0.25" />
            )}
          </svg>
        </>
      )}
    </figure>
  );
}

export function HistoryChart({ series, from, to, zone, episodes = [], onZoom }: {
  series: HistoryChart_SeriesFragment[];
  from: Date;
  to: Date;
  zone: Zone;
  episodes?: HistoryChart_EventFragment[];
  onZoom: (from: Date, to: Date) => void;
}) {
  // One time under the pointer for all charts, as Grafana's shared crosshair.
  const [cursor, setCursor] = useState<number | null>(null);
  return (
    <div className="stack">
      {series.map((s) => (
        <SeriesChart key={s.tag.id} series={s} from={from.getTime()} to={to.getTime()} zone={zone} episodes={episodes}
          cursor={cursor} onCursor={setCursor} onZoom={onZoom} />
      ))}
    </div>
  );
}
