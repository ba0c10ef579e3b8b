import { decimateMinMax } from "./decimate";
import { formatValueTick, fromWallTime, nearestIndex, niceDomain, niceStep, timeLabels, timeTicks, valueTicks } from "./chartAxes";

const utc = (s: string) => Date.parse(`${s}Z`);
const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");

describe("value ticks", () => {
  test("are round: 1, 2 or 5 times a power of ten, never even divisions of the data", () => {
    // The example: data from 26.4 to 68.2 was labelled 26.4 / 47.3 / 68.2.
    expect(valueTicks(26.4, 68.2, 4)).toEqual([30, 40, 50, 60]);
    expect(niceDomain(26.4, 68.2, 4)).toEqual([20, 70]);
    expect(valueTicks(...niceDomain(26.4, 68.2, 4), 4)).toEqual([20, 30, 40, 50, 60, 70]);
    expect(valueTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(valueTicks(0.001, 0.0042, 3)).toEqual([0.001, 0.002, 0.003, 0.004]);
    expect(valueTicks(-3, 7, 4)).toEqual([-2, 0, 2, 4, 6]);
    expect(valueTicks(1200, 86400, 4)).toEqual([20000, 40000, 60000, 80000]);
  });

  test("the step is one of 1, 2, 5 × 10^n", () => {
    for (const [lo, hi, n] of [[0, 7.3, 5], [13, 1e6, 4], [-0.04, 0.09, 6], [100, 101, 3]] as const) {
      const step = niceStep(lo, hi, n);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect([1, 2, 5]).toContain(Math.round(mantissa * 1e9) / 1e9);
    }
  });

  test("carry no floating point dust and format with the step's decimals", () => {
    expect(valueTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(formatValueTick(0.3, 0.05, "en")).toBe("0.30");
    expect(formatValueTick(40000, 20000, "en")).toBe("40,000");
    expect(formatValueTick(-0, 1, "en")).toBe("0");
  });

  test("a flat series gets a band around it, and nonsense input a default", () => {
    expect(niceDomain(5, 5, 4)).toEqual([4.4, 5.6]);
    expect(niceDomain(0, 0, 4)).toEqual([-1, 1]);
    expect(niceDomain(NaN, 3, 4)).toEqual([0, 1]);
  });
});

describe("time ticks", () => {
  test("fall on round hours in UTC and name the date at midnight", () => {
    const from = utc("2026-12-06T17:23:00");
    const to = utc("2026-12-07T17:23:00");
    const { ticks, stepMs } = timeTicks(from, to, 6, "UTC");
    expect(stepMs).toBe(6 * 3600e3);
    expect(ticks.map(iso)).toEqual(["2026-12-06T18:00:00Z", "2026-12-07T00:00:00Z", "2026-12-07T06:00:00Z", "2026-12-07T12:00:00Z"]);
    const labels = timeLabels(ticks, stepMs, "UTC", "en-GB");
    expect(labels.map((l) => l.main)).toEqual(["18:00", "00:00", "06:00", "12:00"]);
    expect(labels.map((l) => l.context)).toEqual(["Sun 6 Dec", "Mon 7 Dec", undefined, undefined]);
  });

  test("seven days step by whole days at local midnight, never every 33.6 h", () => {
    const from = utc("2026-11-30T10:00:00");
    const to = utc("2026-12-07T10:00:00");
    const { ticks, stepMs } = timeTicks(from, to, 7, "Europe/Amsterdam");
    expect(stepMs).toBe(86400e3);
    // Midnight in Amsterdam in winter is 23:00 UTC the day before.
    expect(ticks.map(iso)).toEqual(["2026-11-30T23:00:00Z", "2026-12-01T23:00:00Z", "2026-12-02T23:00:00Z",
      "2026-12-03T23:00:00Z", "2026-12-04T23:00:00Z", "2026-12-05T23:00:00Z", "2026-12-06T23:00:00Z"]);
    const labels = timeLabels(ticks, stepMs, "Europe/Amsterdam", "en-GB");
    expect(labels[0]).toEqual({ main: "Tue 1 Dec", context: "2026" });
    expect(labels[1]).toEqual({ main: "Wed 2 Dec", context: undefined });
  });

  test("local midnight stays midnight across a daylight saving change", () => {
    // Amsterdam moved from UTC+2 to UTC+1 on 25 Oct 2026 at 03:00 local.
    const { ticks } = timeTicks(utc("2026-10-23T12:00:00"), utc("2026-10-27T12:00:00"), 5, "Europe/Amsterdam");
    expect(ticks.map(iso)).toEqual(["2026-10-23T22:00:00Z", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", "2026-10-26T23:00:00Z"]);
  });

  test("hours in a zone half an hour off UTC fall on the local hour", () => {
    const { ticks } = timeTicks(utc("2026-12-07T00:00:00"), utc("2026-12-07T06:00:00"), 6, "Asia/Kolkata");
    expect(ticks.map((t) => timeLabels([t], 3600e3, "Asia/Kolkata", "en-GB")[0]!.main)).toEqual(
      ["06:00", "07:00", "08:00", "09:00", "10:00", "11:00"]);
    expect(iso(ticks[0]!)).toBe("2026-12-07T00:30:00Z");
  });

  test("short ranges step by round minutes and seconds", () => {
    const m = timeTicks(utc("2026-12-07T10:03:10"), utc("2026-12-07T10:31:00"), 6, "UTC");
    expect(m.ticks.map(iso)).toEqual(["2026-12-07T10:05:00Z", "2026-12-07T10:10:00Z", "2026-12-07T10:15:00Z",
      "2026-12-07T10:20:00Z", "2026-12-07T10:25:00Z", "2026-12-07T10:30:00Z"]);
    const s = timeTicks(utc("2026-12-07T10:00:02"), utc("2026-12-07T10:01:00"), 4, "UTC");
    expect(s.ticks.map(iso)).toEqual(["2026-12-07T10:00:15Z", "2026-12-07T10:00:30Z", "2026-12-07T10:00:45Z", "2026-12-07T10:01:00Z"]);
    expect(timeLabels(s.ticks, s.stepMs, "UTC", "en-GB")[0]).toEqual({ main: "10:00:15", context: "Mon 7 Dec" });
  });

  test("a range across midnight writes the new date under the first tick of the new day", () => {
    const { ticks, stepMs } = timeTicks(utc("2026-12-07T20:00:00"), utc("2026-12-08T04:00:00"), 4, "UTC");
    const labels = timeLabels(ticks, stepMs, "UTC", "en-GB");
    expect(labels.map((l) => [l.main, l.context])).toEqual([
      ["20:00", "Mon 7 Dec"], ["22:00", undefined], ["00:00", "Tue 8 Dec"], ["02:00", undefined], ["04:00", undefined],
    ]);
  });

  test("months and years fall on the 1st and on 1 January", () => {
    const months = timeTicks(utc("2026-02-10T00:00:00"), utc("2026-08-10T00:00:00"), 7, "UTC");
    expect(months.ticks.map(iso)).toEqual(["2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z",
      "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z"]);
    const years = timeTicks(utc("2022-06-01T00:00:00"), utc("2026-06-01T00:00:00"), 4, "UTC");
    expect(years.ticks.map(iso)).toEqual(["2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"]);
    expect(timeLabels(years.ticks, years.stepMs, "UTC", "en-GB")[0]).toEqual({ main: "Jan", context: "2023" });
  });

  test("an empty range has one tick and no step", () => {
    expect(timeTicks(5, 5, 4, "UTC")).toEqual({ ticks: [5], stepMs: 0 });
  });

  test("wall time converts back to the instant, also in a zone west of UTC", () => {
    expect(iso(fromWallTime(utc("2026-12-07T09:00:00"), "America/New_York"))).toBe("2026-12-07T14:00:00Z");
  });
});

test("nearestIndex finds the closest time, the earlier one on a tie", () => {
  const times = [0, 10, 20, 30];
  expect([-5, 4, 5, 6, 29, 99].map((t) => nearestIndex(times, t))).toEqual([0, 0, 0, 1, 3, 3]);
  expect(nearestIndex([], 3)).toBe(-1);
});

describe("min/max decimation", () => {
  test("keeps every spike and dip of a long series in at most two points per column", () => {
    const points: [number, number][] = Array.from({ length: 86400 }, (_, i) => [i * 1000, Math.sin(i / 500)]);
    points[40000] = [40000 * 1000, 50]; // one spike
    points[70000] = [70000 * 1000, -50]; // one dip
    const { points: out, decimated } = decimateMinMax(points, 500);
    expect(decimated).toBe(true);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...out.map((p) => p[1]))).toBe(50);
    expect(Math.min(...out.map((p) => p[1]))).toBe(-50);
    expect(out.every((p, i) => i === 0 || p[0] > out[i - 1]![0])).toBe(true); // still in time order
  });

  test("leaves a short series alone", () => {
    const points: [number, number][] = [[0, 1], [1, 2], [2, 3]];
    expect(decimateMinMax(points, 500)).toEqual({ points, decimated: false });
  });
});
