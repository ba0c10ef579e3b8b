// What every SVG chart of the app shares: its drawn width and its axis ticks.
import { useEffect, useState, type RefObject } from "react";

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

/** `n` evenly spaced values from `lo` to `hi`. */
export function ticks(lo: number, hi: number, n: number): number[] {
  if (hi <= lo) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** A time tick: hours and minutes within two days, the date beyond. */
export function formatTick(ms: number, spanMs: number): string {
  const d = new Date(ms);
  if (spanMs <= 2 * 86400e3) return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}
