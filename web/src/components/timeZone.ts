// The timezone charts and range inputs speak: UTC or the browser's own, chosen with a toggle that
// every chart shares and the browser remembers. Wall-clock arithmetic goes through Intl, so a
// zone's daylight saving changes come from the browser's tz database, not from our guesses.
import { useSyncExternalStore } from "react";

/** An IANA zone name as Intl takes it ("UTC", "Europe/Amsterdam"). */
export type Zone = string;
export type ZoneMode = "utc" | "local";

const parts = new Map<Zone, Intl.DateTimeFormat>();

function partsFormat(zone: Zone): Intl.DateTimeFormat {
  let f = parts.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    });
    parts.set(zone, f);
  }
  return f;
}

export interface ZonedParts {
  year: number;
  /** 1 to 12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The calendar fields of instant `t` on a wall clock in `zone`. */
export function zonedParts(t: number, zone: Zone): ZonedParts {
  const found: Record<string, number> = {};
  for (const p of partsFormat(zone).formatToParts(t)) if (p.type !== "literal") found[p.type] = Number(p.value);
  return { year: found.year!, month: found.month!, day: found.day!, hour: found.hour! % 24, minute: found.minute!, second: found.second! };
}

/** `t` shifted by the zone's offset at that instant: the wall-clock time written as if it were UTC. */
export function wallTime(t: number, zone: Zone): number {
  const p = zonedParts(t, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (((t % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at `t`, as "UTC", "UTC+1" or "UTC+5:30". */
export function offsetName(t: number, zone: Zone): string {
  const minutes = Math.round((wallTime(t, zone) - t) / 60e3);
  if (minutes === 0) return "UTC";
  const a = Math.abs(minutes);
  return `UTC${minutes < 0 ? "−" : "+"}${Math.floor(a / 60)}${a % 60 ? `:${String(a % 60).padStart(2, "0")}` : ""}`;
}

/** The browser's own zone. */
export function localZone(): Zone {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function zoneOf(mode: ZoneMode): Zone {
  return mode === "utc" ? "UTC" : localZone();
}

/** What a chart writes beside its axis: "UTC", or "local time, Europe/Amsterdam (UTC+1)". */
export function zoneCaption(mode: ZoneMode, at: number): string {
  if (mode === "utc") return "UTC";
  const zone = localZone();
  return `local time, ${zone} (${offsetName(at, zone)})`;
}

/** An instant for a sentence or a crosshair readout: "Tue, 8 Dec 2026, 14:05:30 UTC+1". */
export function formatInstant(t: number, zone: Zone, { seconds = false, locale }: { seconds?: boolean; locale?: string } = {}): string {
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: zone, weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined, hourCycle: "h23",
  }).format(t);
  return `${text} ${offsetName(t, zone)}`;
}

/** The value of a `datetime-local` input showing `t` on the wall clock of `zone`. */
export function toWallInput(t: number, zone: Zone): string {
  return new Date(wallTime(t, zone)).toISOString().slice(0, 16);
}

/** The instant a `datetime-local` value means in `zone`; NaN when it is empty or malformed. */
export function fromWallInput(value: string, zone: Zone): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return NaN;
  const wall = Date.parse(`${value}Z`);
  if (Number.isNaN(wall)) return NaN;
  const guess = wall - (wallTime(wall, zone) - wall);
  return wall - (wallTime(guess, zone) - guess);
}

// The remembered choice, shared by every chart on the page (one toggle moves them all).
const KEY = "slipway.chartTimezone";
const listeners = new Set<() => void>();

function read(): ZoneMode {
  try {
    return globalThis.localStorage?.getItem(KEY) === "utc" ? "utc" : "local";
  } catch {
    return "local"; // storage refused (private mode): the default, not an error
  }
}

let current: ZoneMode = read();

export function setZoneMode(mode: ZoneMode): void {
  current = mode;
  try {
    globalThis.localStorage?.setItem(KEY, mode);
  } catch {
    // not remembered, but still applied for this page
  }
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) {
      current = read();
      listener();
    }
  };
  globalThis.addEventListener?.("storage", onStorage); // another tab toggled
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.("storage", onStorage);
  };
}

/** The chart timezone ("utc" or "local", local unless the user chose UTC) and its zone name. */
export function useZoneMode(): { mode: ZoneMode; zone: Zone; setMode: (mode: ZoneMode) => void } {
  const mode = useSyncExternalStore(subscribe, () => current, () => current);
  return { mode, zone: zoneOf(mode), setMode: setZoneMode };
}
