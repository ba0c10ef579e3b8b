import { formatBytes, formatCount, formatDuration, formatMoment, formatMs, formatPercent, formatTime } from "./format";

test("times: to the minute, or to the second for timelines; none is a dash; junk is shown as sent", () => {
  const at = "2026-11-23T10:00:05Z";
  expect(formatTime(at)).toContain("2026");
  expect(formatMoment(at)).toContain("2026");
  expect(formatMoment(at)).toMatch(/:05\b/);
  expect(formatTime(at)).not.toMatch(/:05\b/);
  expect(formatTime(null)).toBe("—");
  expect(formatMoment(undefined)).toBe("—");
  expect(formatTime("not a date")).toBe("not a date");
});

test("bytes in binary units, whole bytes below 1 KiB", () => {
  expect(formatBytes(0)).toBe("0 B");
  expect(formatBytes(1023)).toBe("1023 B");
  expect(formatBytes(2048)).toBe("2.0 KiB");
  expect(formatBytes(5.5 * 1024 ** 2)).toBe("5.5 MiB");
  expect(formatBytes(3 * 1024 ** 3)).toBe("3.0 GiB");
  expect(formatBytes(2 * 1024 ** 5)).toBe("2048.0 TiB"); // the largest unit grows rather than overflow
  expect(formatBytes(null)).toBe("—");
});

test("milliseconds and spans of seconds", () => {
  expect(formatMs(12.345)).toBe("12.3 ms");
  expect(formatMs(12.345, 2)).toBe("12.35 ms");
  expect(formatMs(12.5, 0)).toBe("13 ms");
  expect(formatMs(null)).toBe("—");
  expect(formatDuration(30)).toBe("30 s");
  expect(formatDuration(300)).toBe("5 min");
  expect(formatDuration(3600)).toBe("1 h");
  expect(formatDuration(5400)).toBe("1.5 h");
});

test("ratios as percentages, counts with grouping", () => {
  expect(formatPercent(0.25)).toBe("25%");
  expect(formatPercent(0.9876, 1)).toBe("98.8%");
  expect(formatPercent(undefined)).toBe("—");
  expect(formatCount(1234567)).toBe((1234567).toLocaleString());
  expect(formatCount(1234567)).not.toBe("1234567"); // grouped, whatever the locale's separator
  expect(formatCount(null)).toBe("—");
});
