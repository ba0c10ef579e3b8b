// Drawing more points than a chart has pixel columns hides nothing but costs time; leaving points
// out silently hides spikes. So a long series is cut into one bucket per column and each bucket
// keeps its lowest and highest point: every peak and dip stays visible, and the chart says so.

export interface Decimated {
  points: [number, number][];
  /** True when points were left out (the chart must then say "decimated by min/max"). */
  decimated: boolean;
}

/** At most two points (the min and the max, in time order) per each of `columns` equal time buckets. */
export function decimateMinMax(points: [number, number][], columns: number): Decimated {
  if (points.length <= 2 * columns || points.length < 3) return { points, decimated: false };
  const t0 = points[0]![0];
  const span = points[points.length - 1]![0] - t0 || 1;
  const out: [number, number][] = [];
  let bucket = -1;
  let lo: [number, number] | null = null;
  let hi: [number, number] | null = null;
  const flush = () => {
    if (!lo || !hi) return;
    if (lo === hi) out.push(lo);
    else out.push(...(lo[0] <= hi[0] ? [lo, hi] : [hi, lo]));
  };
  for (const p of points) {
    const b = Math.min(columns - 1, Math.floor(((p[0] - t0) / span) * columns));
    if (b !== bucket) {
      flush();
      [bucket, lo, hi] = [b, p, p];
    } else {
      if (p[1] < lo![1]) lo = p;
      if (p[1] > hi![1]) hi = p;
    }
  }
  flush();
  return { points: out, decimated: out.length < points.length };
}
