// How the app writes times, sizes, durations and numbers, in the reader's locale; "—" for none.

const NONE = "—";

/** A date and time to the minute; an unparsable value is shown as the server sent it. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** With seconds: for timelines whose steps are seconds apart. */
export function formatMoment(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/** Binary units, as file managers show them: 2048 is "2.0 KiB". */
export function formatBytes(n: number | null | undefined): string {
  if (n == null) return NONE;
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** A latency or a request's duration in milliseconds. */
export function formatMs(ms: number | null | undefined, digits = 1): string {
  return ms == null ? NONE : `${ms.toFixed(digits)} ms`;
}

/** A span of seconds in the largest unit that reads well: "30 s", "5 min", "1.5 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(seconds % 3600 ? 1 : 0)} h`;
}

/** A ratio (0.25) as a percentage ("25%"). */
export function formatPercent(ratio: number | null | undefined, digits = 0): string {
  return ratio == null ? NONE : `${(ratio * 100).toFixed(digits)}%`;
}

/** A count with the locale's digit grouping: 12345 is "12,345" in English. */
export function formatCount(n: number | null | undefined): string {
  return n == null ? NONE : n.toLocaleString();
}
