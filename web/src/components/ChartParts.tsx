// The pieces every time chart draws alike: the time axis with its date line, the value axis,
// the crosshair's pointer and keyboard handling, and the UTC/local toggle.
import type { KeyboardEvent, PointerEvent, RefObject } from "react";
import { formatValueTick, nearestIndex, niceStep, timeLabels, timeTicks, valueTicks } from "./chartAxes";
import { useZoneMode, zoneCaption, type Zone } from "./timeZone";
import "./charts.css";

const INK = "#57606a";
const GRID = "#e5e9ee";

/** Time ticks with grid lines; the date sits on a second line wherever the day changes. */
export function TimeAxis({ from, to, x, top, bottom, left, right, zone, spacing }: {
  from: number;
  to: number;
  x: (t: number) => number;
  /** Plot area edges in SVG units. */
  top: number;
  bottom: number;
  left: number;
  right: number;
  zone: Zone;
  /** Pixels per tick label; by default about 110, closer on a phone so it still gets four. */
  spacing?: number;
}) {
  const width = right - left;
  const { ticks, stepMs } = timeTicks(from, to, Math.max(2, Math.floor(width / (spacing ?? Math.min(110, Math.max(64, width / 4))))), zone);
  const labels = timeLabels(ticks, stepMs, zone);
  const anchorOf = (px: number) => (px - left < 28 ? "start" : right - px < 28 ? "end" : "middle");
  // A date under a tick must not run into the next one's (a phone has ~70 px per tick): going
  // right to left, a date that would overlap is left out, so the dates at day changes win over
  // the one under the first tick.
  const dated = new Set<number>();
  let limit = Infinity;
  for (let i = ticks.length - 1; i >= 0; i--) {
    const text = labels[i]!.context;
    if (!text) continue;
    const px = x(ticks[i]!);
    const width = text.length * 6.5;
    const anchor = anchorOf(px);
    const [a, b] = anchor === "start" ? [px, px + width] : anchor === "end" ? [px - width, px] : [px - width / 2, px + width / 2];
    if (b + 6 <= limit) {
      dated.add(i);
      limit = a;
    }
  }
  return (
    <g aria-hidden="true" className="time-axis">
      {ticks.map((t, i) => {
        const px = x(t);
        // Keep the first and last labels inside the figure.
        const anchor = anchorOf(px);
        const label = labels[i]!;
        return (
          <g key={t}>
            <line x1={px} x2={px} y1={top} y2={bottom} stroke={GRID} strokeDasharray={label.context ? undefined : "2 3"} />
            <text x={px} y={bottom + 13} fontSize="11" fill={INK} textAnchor={anchor}>{label.main}</text>
            {label.context && dated.has(i) && (
              <text x={px} y={bottom + 26} fontSize="11" fill={INK} fontWeight="600" textAnchor={anchor}>{label.context}</text>
            )}
          </g>
        );
      })}
    </g>
  );
}

/** Horizontal grid lines at round values with their labels left of the plot. */
export function ValueAxis({ lo, hi, y, left, right, count, format }: {
  lo: number;
  hi: number;
  y: (v: number) => number;
  left: number;
  right: number;
  count: number;
  /** Instead of the step's decimals (e.g. a percentage). */
  format?: (v: number) => string;
}) {
  const step = niceStep(lo, hi, count);
  return (
    <g aria-hidden="true" className="value-axis">
      {valueTicks(lo, hi, count).map((v) => (
        <g key={v}>
          <line x1={left} x2={right} y1={y(v)} y2={y(v)} stroke={GRID} />
          <text x={left - 6} y={y(v) + 4} fontSize="11" textAnchor="end" fill={INK}>{format ? format(v) : formatValueTick(v, step)}</text>
        </g>
      ))}
    </g>
  );
}

/**
 * Pointer and keyboard handlers that move a crosshair over `times` (sorted epoch ms): hover or
 * touch to read a point, or focus the chart and step with ← →, Home and End; Escape hides it.
 */
export function useCursorHandlers({ svg, width, left, right, from, to, times, cursor, onCursor }: {
  svg: RefObject<SVGSVGElement>;
  width: number;
  left: number;
  right: number;
  from: number;
  to: number;
  times: ArrayLike<number>;
  cursor: number | null;
  onCursor: (t: number | null) => void;
}) {
  const timeAt = (clientX: number) => {
    const box = svg.current!.getBoundingClientRect();
    const px = ((clientX - box.left) / box.width) * width;
    return from + ((px - left) / (width - left - right)) * (to - from);
  };
  const snap = (t: number) => {
    const i = nearestIndex(times, t);
    return i < 0 ? null : times[i]!;
  };
  return {
    timeAt,
    onPointerMove: (e: PointerEvent) => onCursor(snap(timeAt(e.clientX))),
    onPointerLeave: () => onCursor(null),
    onKeyDown: (e: KeyboardEvent) => {
      if (times.length === 0) return;
      const i = cursor == null ? -1 : nearestIndex(times, cursor);
      const big = Math.max(1, Math.round(times.length / 10));
      const go: Record<string, number> = {
        ArrowRight: i < 0 ? 0 : i + 1, ArrowLeft: i < 0 ? times.length - 1 : i - 1,
        PageDown: i + big, PageUp: i - big, Home: 0, End: times.length - 1,
      };
      if (e.key === "Escape") {
        onCursor(null);
      } else if (e.key in go) {
        onCursor(times[Math.max(0, Math.min(times.length - 1, go[e.key]!))]!);
      } else {
        return;
      }
      e.preventDefault();
    },
  };
}

/** The vertical crosshair line at `t` with a dot per series value. */
export function Crosshair({ x, top, bottom, dots }: { x: number; top: number; bottom: number; dots: { y: number; color: string }[] }) {
  return (
    <g pointerEvents="none" className="crosshair">
      <line x1={x} x2={x} y1={top} y2={bottom} stroke="#24292f" strokeWidth="1" strokeDasharray="3 2" />
      {dots.map((d, i) => <circle key={i} cx={x} cy={d.y} r="3.5" fill="#fff" stroke={d.color} strokeWidth="2" />)}
    </g>
  );
}

/** "Times in: Local | UTC", remembered by the browser and shared by every chart. */
export function ZoneToggle({ at }: { at: number }) {
  const { mode, setMode } = useZoneMode();
  return (
    <div className="zone-toggle row" role="group" aria-label="Chart timezone">
      <span className="muted">Times in</span>
      {(["local", "utc"] as const).map((m) => (
        <button key={m} type="button" className={mode === m ? "" : "secondary"} aria-pressed={mode === m} onClick={() => setMode(m)}>
          {m === "utc" ? "UTC" : "Local"}
        </button>
      ))}
      <span className="muted" data-testid="zone-caption">{zoneCaption(mode, at)}</span>
    </div>
  );
}
