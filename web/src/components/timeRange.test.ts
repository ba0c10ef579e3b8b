import { chartNow, parseRangeEnd, relativeName, resolveRange } from "./timeRange";
import { formatInstant, fromWallInput, offsetName, setZoneMode, toWallInput, useZoneMode } from "./timeZone";
import { act, renderHook } from "@testing-library/react";

const NOW = Date.parse("2026-12-07T15:00:00Z");

describe("range ends in the URL", () => {
  test("now and now-N with s, m, h, d, w", () => {
    expect(parseRangeEnd("now", NOW)).toBe(NOW);
    expect(parseRangeEnd("now-24h", NOW)).toBe(NOW - 24 * 3600e3);
    expect(parseRangeEnd("now-15m", NOW)).toBe(NOW - 15 * 60e3);
    expect(parseRangeEnd("now-7d", NOW)).toBe(NOW - 7 * 86400e3);
    expect(parseRangeEnd("now-2w", NOW)).toBe(NOW - 14 * 86400e3);
    expect(parseRangeEnd(" now-30s ", NOW)).toBe(NOW - 30e3);
  });

  test("absolute ISO 8601 with a zone, and epoch milliseconds as Grafana's links carry", () => {
    expect(parseRangeEnd("2026-12-01T08:00:00Z", NOW)).toBe(Date.parse("2026-12-01T08:00:00Z"));
    expect(parseRangeEnd("2026-12-01T08:00:00.250+01:00", NOW)).toBe(Date.parse("2026-12-01T07:00:00.250Z"));
    expect(parseRangeEnd("2026-12-01", NOW)).toBe(Date.parse("2026-12-01T00:00:00Z"));
    expect(parseRangeEnd("1764576000000", NOW)).toBe(1764576000000);
  });

  test("anything else is unreadable, including a time without a zone (it would mean a different instant per reader)", () => {
    for (const bad of ["", "yesterday", "now-", "now-5x", "now+1h", "2026-12-01T08:00", "2026-13-45T99:00:00Z", "12"]) {
      expect(parseRangeEnd(bad, NOW), bad).toBeNaN();
    }
  });

  test("chart now is the next whole minute, so one URL asks one query within a minute", () => {
    expect(chartNow(Date.parse("2026-12-07T15:00:01Z"))).toBe(Date.parse("2026-12-07T15:01:00Z"));
    expect(chartNow(NOW)).toBe(NOW);
  });
});

describe("resolved ranges", () => {
  test("a relative range resolves against now", () => {
    expect(resolveRange("now-6h", "now", NOW, "UTC")).toEqual({ from: NOW - 6 * 3600e3, to: NOW });
    expect(relativeName("now-6h", "now")).toBe("Last 6 hours");
    expect(relativeName("now-1d", "now")).toBe("Last 1 day");
    expect(relativeName("2026-12-01T08:00:00Z", "now")).toBeNull();
  });

  test("an inverted range is refused with both ends in the reader's timezone", () => {
    const r = resolveRange("2026-12-07T12:00:00Z", "2026-12-07T10:00:00Z", NOW, "Europe/Amsterdam");
    expect(r.error).toMatch(/^The range is inverted: From \(.*13:00 UTC\+1\) is after To \(.*11:00 UTC\+1\)\. Swap them/);
    const u = resolveRange("2026-12-07T12:00:00Z", "2026-12-07T10:00:00Z", NOW, "UTC");
    expect(u.error).toMatch(/From \(.*12:00 UTC\) is after To \(.*10:00 UTC\)/);
  });

  test("an empty range says so", () => {
    expect(resolveRange("now", "now", NOW, "UTC").error).toMatch(/^The range is empty: From and To are both .*15:00 UTC/);
  });

  test("an unreadable end names itself and what would be read", () => {
    expect(resolveRange("now-6h", "tomorrow", NOW, "UTC").error).toBe(
      'To "tomorrow" is not a time: use now, now-6h, now-7d, or an ISO date such as 2026-12-01T08:00:00Z.');
  });
});

describe("timezones", () => {
  test("datetime-local inputs are read and written on the chosen zone's wall clock", () => {
    const t = Date.parse("2026-12-07T14:30:00Z");
    expect(toWallInput(t, "UTC")).toBe("2026-12-07T14:30");
    expect(toWallInput(t, "Europe/Amsterdam")).toBe("2026-12-07T15:30");
    expect(fromWallInput("2026-12-07T15:30", "Europe/Amsterdam")).toBe(t);
    expect(fromWallInput("2026-07-07T15:30", "Europe/Amsterdam")).toBe(Date.parse("2026-07-07T13:30:00Z"));
    expect(fromWallInput("", "UTC")).toBeNaN();
    expect(fromWallInput("2026-12-07", "UTC")).toBeNaN();
  });

  test("offsets are named as UTC±h[:mm]", () => {
    expect(offsetName(NOW, "UTC")).toBe("UTC");
    expect(offsetName(NOW, "Europe/Amsterdam")).toBe("UTC+1");
    expect(offsetName(Date.parse("2026-07-01T00:00:00Z"), "Europe/Amsterdam")).toBe("UTC+2");
    expect(offsetName(NOW, "Asia/Kolkata")).toBe("UTC+5:30");
    expect(offsetName(NOW, "America/New_York")).toBe("UTC−5");
    expect(formatInstant(NOW, "Asia/Kolkata", { locale: "en-GB" })).toBe("Mon, 7 Dec 2026, 20:30 UTC+5:30");
  });

  test("the UTC/local choice is shared by every chart and remembered by the browser", () => {
    localStorage.removeItem("slipway.chartTimezone");
    setZoneMode("local");
    const a = renderHook(() => useZoneMode());
    const b = renderHook(() => useZoneMode());
    expect(a.result.current.mode).toBe("local");
    act(() => a.result.current.setMode("utc"));
    expect(b.result.current).toMatchObject({ mode: "utc", zone: "UTC" });
    expect(localStorage.getItem("slipway.chartTimezone")).toBe("utc");
    act(() => b.result.current.setMode("local"));
    expect(a.result.current.mode).toBe("local");
    expect(localStorage.getItem("slipway.chartTimezone")).toBe("local");
  });
});
