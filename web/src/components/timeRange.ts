// A chart's time range as the URL carries it, Grafana's way: `?from=now-24h&to=now` (relative, so a
// link shows the last day whenever it is opened), or absolute ISO 8601 or epoch milliseconds (so a
// zoomed view pasted to a colleague shows the same minutes). Checked here, before any query.
import { formatInstant, type Zone } from "./timeZone";

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };
const RELATIVE = /^now(?:-(\d+)([smhdw]))?$/;

export const DEFAULT_FROM = "now-24h";
export const DEFAULT_TO = "now";

/** "now" for a chart: the next whole minute, so the same URL asks the same query within a minute. */
export function chartNow(at = Date.now()): number {
  return Math.ceil(at / 60e3) * 60e3;
}

/** The instant one end of a range means at `now`; NaN when it means nothing. */
export function parseRangeEnd(text: string, now: number): number {
  const value = text.trim();
  const relative = RELATIVE.exec(value);
  if (relative) return relative[1] ? now - Number(relative[1]) * UNITS[relative[2]!]! : now;
  if (/^\d{10,}$/.test(value)) return Number(value); // epoch ms, as Grafana's links carry
  // A date and time with a zone (Z or ±hh:mm); a bare date is midnight UTC by ECMAScript's rule.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value)) return NaN;
  return Date.parse(value);
}

/** True for `now` and `now-…`: such a range moves with the clock. */
export function isRelative(text: string): boolean {
  return RELATIVE.test(text.trim());
}

export type Range = { from: number; to: number; error?: undefined } | { error: string; from?: undefined; to?: undefined };

/**
 * Both ends resolved and checked: a sentence in the reader's timezone when one end is unreadable,
 * or the range is empty or inverted.
 */
export function resolveRange(fromText: string, toText: string, now: number, zone: Zone): Range {
  const from = parseRangeEnd(fromText, now);
  const to = parseRangeEnd(toText, now);
  if (Number.isNaN(from)) return { error: unreadable("From", fromText) };
  if (Number.isNaN(to)) return { error: unreadable("To", toText) };
  return checkRange(from, to, zone);
}

/** An empty or inverted range is refused with both ends written in `zone`. */
export function checkRange(from: number, to: number, zone: Zone): Range {
  if (Number.isNaN(from)) return { error: "Enter a date and time in From." };
  if (Number.isNaN(to)) return { error: "Enter a date and time in To." };
  if (to === from) return { error: `The range is empty: From and To are both ${formatInstant(from, zone)}. Pick a To after From.` };
  if (to < from) {
    return {
      error: `The range is inverted: From (${formatInstant(from, zone)}) is after To (${formatInstant(to, zone)}). ` +
        "Swap them or pick an earlier From.",
    };
  }
  return { from, to };
}

function unreadable(which: string, text: string): string {
  return `${which} "${text}" is not a time: use now, now-6h, now-7d, or an ISO date such as 2026-12-01T08:00:00Z.`;
}

/** How a range reads in the picker: "Last 24 hours" for `now-24h`…`now`, otherwise null. */
export function relativeName(fromText: string, toText: string): string | null {
  const m = RELATIVE.exec(fromText.trim());
  if (!m?.[1] || toText.trim() !== "now") return null;
  const words: Record<string, string> = { s: "second", m: "minute", h: "hour", d: "day", w: "week" };
  const n = Number(m[1]);
  return `Last ${n} ${words[m[2]!]}${n === 1 ? "" : "s"}`;
}
