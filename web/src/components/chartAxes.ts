// What every SVG chart of the app shares: its drawn width, round value ticks (1, 2 or 5 × 10^n,
// as d3-scale and Grafana pick them) and time ticks on round minutes, hours and days of the
// chosen timezone, labelled with the date wherever the day changes.
import { useEffect, useState, type RefObject } from "react";
import { wallTime, zonedParts, type Zone } from "./timeZone";

/** The figure's width in CSS pixels, so the SVG is drawn 1:1 and its labels stay legible on a phone. */
export function useWidth(target: RefObject<HTMLElement>, fallback: number, min: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    if (!target.current || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(min, Math.round(entry.contentRect.width))));
    observer.observe(target.current);
    return () => observer.disconnect();
  }, [target, min]);
  return width;
}

// d3-array's thresholds: a raw step is rounded to 1, 2, 5 or 10 at these ratios.
const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

/** The round step (1, 2 or 5 × 10^n) that cuts [lo, hi] into about `count` parts. */
export function niceStep(lo: number, hi: number, count: number): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count);
  if (!Number.isFinite(raw) || raw === 0) return 1;
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  return factor * 10 ** power;
}

/** [lo, hi] widened to the round steps around it, so the axis starts and ends on a labelled line. */
export function niceDomain(lo: number, hi: number, count: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi === lo) {
    const pad = Math.abs(lo) * 0.1 || 1; // a flat line sits in the middle of a visible band
    [lo, hi] = [lo - pad, hi + pad];
  }
  // Twice, as d3's nice() does: widening can change the step.
  for (let i = 0; i < 2; i++) {
    const step = niceStep(lo, hi, count);
    const d = decimalsOf(step);
    [lo, hi] = [Number((Math.floor(lo / step) * step).toFixed(d)), Number((Math.ceil(hi / step) * step).toFixed(d))];
  }
  return [lo, hi];
}

/** The multiples of the round step within [lo, hi], without floating point dust (0.30000000000000004). */
export function valueTicks(lo: number, hi: number, count: number): number[] {
  const step = niceStep(lo, hi, count);
  const decimals = decimalsOf(step);
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toFixed(decimals)));
  return out;
}

function decimalsOf(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** A value tick with as many decimals as the step needs and the locale's digit grouping. */
export function formatValueTick(v: number, step: number, locale?: string): string {
  const d = decimalsOf(step);
  return (Object.is(v, -0) ? 0 : v).toLocaleString(locale, { minimumFractionDigits: d, maximumFractionDigits: d });
}

const S = 1e3;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
/** Steps of wall-clock time a time axis may take; months and years are calendar steps. */
const STEPS: { ms: number; unit: "ms" | "day" | "week" | "month" | "year"; n: number }[] = [
  ...[1, 5, 15, 30].map((n) => ({ ms: n * S, unit: "ms" as const, n: n * S })),
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ ms: n * M, unit: "ms" as const, n: n * M })),
  ...[1, 2, 3, 6, 12].map((n) => ({ ms: n * H, unit: "ms" as const, n: n * H })),
  { ms: D, unit: "day", n: 1 },
  { ms: 2 * D, unit: "day", n: 2 },
  { ms: 7 * D, unit: "week", n: 1 },
  { ms: 30 * D, unit: "month", n: 1 },
  { ms: 91 * D, unit: "month", n: 3 },
  { ms: 365 * D, unit: "year", n: 1 },
];

export interface TimeTicks {
  /** Tick instants (epoch ms) within [from, to]. */
  ticks: number[];
  /** The step in ms (approximate for months and years). */
  stepMs: number;
}

/**
 * Ticks on round wall-clock times of `zone`: every 5 minutes on :00, :05 …, every 6 hours on
 * 00:00, 06:00 …, every day at midnight, weeks on Mondays, months on the 1st. Local midnight
 * stays midnight across a daylight saving change.
 */
export function timeTicks(from: number, to: number, count: number, zone: Zone): TimeTicks {
  if (!(to > from)) return { ticks: [from], stepMs: 0 };
  const step = STEPS.find((s) => (to - from) / s.ms <= Math.max(1, count)) ?? STEPS[STEPS.length - 1]!;
  const [wallFrom, wallTo] = [wallTime(from, zone), wallTime(to, zone)];
  const walls: number[] = [];
  if (step.unit === "ms") {
    for (let w = Math.ceil(wallFrom / step.n) * step.n; w <= wallTo; w += step.n) walls.push(w);
  } else if (step.unit === "day" || step.unit === "week") {
    const days = step.unit === "week" ? 7 : step.n;
    // 1970-01-01 was a Thursday: shifting by 3 days puts week starts on Mondays.
    const shift = step.unit === "week" ? 3 * D : 0;
    for (let w = Math.ceil((wallFrom + shift) / (days * D)) * days * D - shift; w <= wallTo; w += days * D) walls.push(w);
  } else {
    const start = new Date(wallFrom);
    const months = step.unit === "year" ? 12 : step.n;
    let index = start.getUTCFullYear() * 12 + start.getUTCMonth(); // months since year 0
    if (Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1) < wallFrom) index++;
    index = Math.ceil(index / months) * months;
    for (let w = Date.UTC(Math.floor(index / 12), index % 12, 1); w <= wallTo; index += months, w = Date.UTC(Math.floor(index / 12), index % 12, 1)) {
      walls.push(w);
    }
  }
  const ticks = [...new Set(walls.map((w) => fromWallTime(w, zone)))].filter((t) => t >= from && t <= to);
  return { ticks, stepMs: step.ms };
}

/** The instant whose wall-clock time in `zone` is `wall` (the later one when the clock jumps). */
export function fromWallTime(wall: number, zone: Zone): number {
  const guess = wall - (wallTime(wall, zone) - wall);
  return wall - (wallTime(guess, zone) - guess);
}

export interface TimeLabel {
  /** The tick's own text: a time of day, or a date for day steps and longer. */
  main: string;
  /** The date (or year) under it where it changes from the tick before, and under the first tick. */
  context?: string;
}

/** Labels for `ticks` in `zone`, with the date written where the day changes (Grafana's habit). */
export function timeLabels(ticks: number[], stepMs: number, zone: Zone, locale?: string): TimeLabel[] {
  const time = new Intl.DateTimeFormat(locale, {
    timeZone: zone, hour: "2-digit", minute: "2-digit", second: stepMs < M ? "2-digit" : undefined, hourCycle: "h23",
  });
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: "short", day: "numeric", month: "short" });
  const month = new Intl.DateTimeFormat(locale, { timeZone: zone, month: "short" });
  let before: ReturnType<typeof zonedParts> | null = null;
  return ticks.map((t) => {
    const p = zonedParts(t, zone);
    let label: TimeLabel;
    if (stepMs < D) {
      label = { main: time.format(t), context: !before || before.day !== p.day || before.month !== p.month ? day.format(t) : undefined };
    } else if (stepMs < 28 * D) {
      label = { main: day.format(t), context: !before || before.year !== p.year ? String(p.year) : undefined };
    } else {
      label = { main: month.format(t), context: !before || before.year !== p.year ? String(p.year) : undefined };
    }
    before = p;
    return label;
  });
}

/** The index of the entry of sorted `times` nearest to `t`; -1 when there are none. */
export function nearestIndex(times: ArrayLike<number>, t: number): number {
  if (times.length === 0) return -1;
  let [lo, hi] = [0, times.length - 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && t - times[lo - 1]! <= times[lo]! - t ? lo - 1 : lo;
}
