import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { ExportHistoryDocument, ExportWatchDocument } from "../components/ExportPanel";
import { setZoneMode } from "../../../components/timeZone";
import { AssetHistoryDocument, AssetPageDocument, AssetView } from "./AssetView";

const pack = (values: number[]) => btoa(String.fromCharCode(...new Uint8Array(new Float64Array(values).buffer)));
const tag = (name: string, unit: string) => ({ id: `T-${name}`, name, unit, description: "" });
const exp = (status: string, progress: number, downloadUrl: string | null = null) => ({
  id: "E1", status: status as "QUEUED", progress, rowCount: 10, sizeBytes: 2048, error: null, downloadUrl,
});

let episodes: { id: string; kind: string; label: string; startsAt: string; endsAt: string; tag: { id: string; name: string } | null }[] = [];
beforeEach(() => {
  episodes = [];
  setZoneMode("utc");
});

function server() {
  return new TestServer()
    .on(AssetPageDocument, ({ id }) => ({
      asset: { id, name: "P-101", site: "Rotterdam", kind: "pump", description: "Feed pump", viewerCanExport: true,
        tags: [tag("flow", "m3/h"), tag("pressure", "bar"), tag("vibration", "mm/s")] },
    }))
    .on(AssetHistoryDocument, ({ id, from, to, tags }) => {
      const span = Date.parse(to) - Date.parse(from);
      return {
        asset: { id, history: { bucketSeconds: Math.round(span / 1000 / 100), series: ([] as string[]).concat(tags ?? []).map((name) => ({
          tag: { id: `T-${name}`, name, unit: "u" },
          packed: { timesMs: pack([Date.parse(from), Date.parse(from) + span / 2]), min: pack([1, 2]), max: pack([3, 4]),
            avg: pack([2, 3]) },
        })) }, events: episodes },
      };
    });
}

const range = "from=2026-11-20T00:00:00.000Z&to=2026-11-21T00:00:00.000Z";

test("charts the chosen tags over the range in the URL and zooms with a new query", async () => {
  const s = server();
  renderWithServer(<AssetView />, s, { route: `/assets/A1?${range}`, path: "/assets/:id" });
  expect(await screen.findByRole("img", { name: /^flow: 2 points/ })).toBeInTheDocument();
  expect(screen.getByRole("img", { name: /^pressure:/ })).toBeInTheDocument();
  expect(screen.getByText(/Buckets of 14 min/)).toBeInTheDocument();
  expect(s.called("AssetHistory")[0]?.variables).toEqual({
    id: "A1", from: "2026-11-20T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z", tags: ["flow", "pressure"],
  });
  await userEvent.click(screen.getByRole("button", { name: "Zoom in" }));
  await waitFor(() => expect(screen.getByText(/Buckets of 7 min/)).toBeInTheDocument());
  expect(s.called("AssetHistory").at(-1)?.variables).toMatchObject({
    from: "2026-11-20T06:00:00.000Z", to: "2026-11-20T18:00:00.000Z",
  });
  await userEvent.click(screen.getByLabelText(/vibration/));
  await waitFor(() => expect(screen.getByRole("img", { name: /^vibration:/ })).toBeInTheDocument());
});

test("exports the range and shows live progress, then the download link", async () => {
  const s = server().on(ExportHistoryDocument, () => ({ exportHistory: exp("QUEUED", 0) }));
  renderWithServer(<AssetView />, s, { route: `/assets/A1?${range}&tags=flow`, path: "/assets/:id" });
  await userEvent.click(await screen.findByRole("button", { name: "Export CSV" }));
  expect(await screen.findByText("QUEUED")).toBeInTheDocument();
  const sent = s.called("ExportHistory")[0]?.variables;
  expect(sent).toMatchObject({ assetId: "A1", from: "2026-11-20T00:00:00.000Z", tags: ["flow"] });
  expect(sent?.key).toMatch(/^[0-9a-f-]{36}$/);
  await waitFor(() => expect(s.subscribers(ExportWatchDocument)).toBe(1));
  act(() => s.emit(ExportWatchDocument, { exportUpdated: exp("RUNNING", 0.4) }));
  expect(await screen.findByRole("progressbar")).toHaveAttribute("aria-valuenow", "40");
  act(() => s.emit(ExportWatchDocument, { exportUpdated: exp("SUCCEEDED", 1, "https://s3.example/e1.csv") }));
  expect(await screen.findByRole("link", { name: "Download CSV" })).toHaveAttribute("href", "https://s3.example/e1.csv");
  await waitFor(() => expect(s.subscribers(ExportWatchDocument)).toBe(0)); // final: stops listening
});

test("shows the server's refusal of a range too wide", async () => {
  const s = server().fail(AssetHistoryDocument, "The range is over 366 days; ask for less.", "BAD_USER_INPUT");
  renderWithServer(<AssetView />, s, { route: `/assets/A1?${range}`, path: "/assets/:id" });
  expect(await screen.findByRole("alert")).toHaveTextContent("BAD_USER_INPUT: The range is over 366 days; ask for less.");
});

test("a relative range in the URL is resolved against now, and a preset writes one", async () => {
  const s = server();
  renderWithServer(<AssetView />, s, { route: "/assets/A1?from=now-6h&to=now", path: "/assets/:id" });
  await screen.findByRole("img", { name: /^flow:/ });
  const sent = s.called("AssetHistory")[0]!.variables;
  const span = Date.parse(sent.to as string) - Date.parse(sent.from as string);
  expect(span).toBe(6 * 3600e3);
  expect(Math.abs(Date.parse(sent.to as string) - Date.now())).toBeLessThan(61e3);
  expect(screen.getByTestId("range-summary")).toHaveTextContent(/^Last 6 hours · .* UTC → .* UTC/);
  await userEvent.click(screen.getByRole("button", { name: "Last 7 days" }));
  expect(screen.getByTestId("location")).toHaveTextContent("/assets/A1?from=now-7d&to=now");
  await waitFor(() => expect(s.called("AssetHistory")).toHaveLength(2));
  const week = s.called("AssetHistory")[1]!.variables;
  expect(Date.parse(week.to as string) - Date.parse(week.from as string)).toBe(7 * 86400e3);
});

test("an inverted range typed in is refused in the browser, in the chart's timezone, and nothing is asked", async () => {
  const s = server();
  renderWithServer(<AssetView />, s, { route: `/assets/A1?${range}`, path: "/assets/:id" });
  await screen.findByRole("img", { name: /^flow:/ });
  await userEvent.clear(screen.getByLabelText("From"));
  await userEvent.type(screen.getByLabelText("From"), "2026-11-21T08:00");
  await userEvent.click(screen.getByRole("button", { name: "Show" }));
  expect(await screen.findByRole("alert")).toHaveTextContent(
    /The range is inverted: From \(Sat, Nov 21, 2026, 08:00 UTC\) is after To \(Sat, Nov 21, 2026, 00:00 UTC\)\. Swap them/);
  expect(s.called("AssetHistory")).toHaveLength(1);
  expect(screen.getByTestId("location")).toHaveTextContent(range);
});

test("an empty or unreadable range in the URL is caught before any query", async () => {
  const s = server();
  renderWithServer(<AssetView />, s, { route: "/assets/A1?from=2026-11-20T00:00:00Z&to=2026-11-20T00:00:00Z", path: "/assets/:id" });
  expect(await screen.findByRole("alert")).toHaveTextContent(/^The range is empty: From and To are both Fri, Nov 20, 2026, 00:00 UTC\. Pick a To after From\./);
  expect(s.called("AssetHistory")).toHaveLength(0);
});

test("the timezone toggle moves the inputs, the axis caption and the readout, and is remembered", async () => {
  const s = server();
  renderWithServer(<AssetView />, s, { route: `/assets/A1?${range}`, path: "/assets/:id" });
  await screen.findByRole("img", { name: /^flow:/ });
  expect(screen.getByLabelText("From")).toHaveValue("2026-11-20T00:00");
  expect(screen.getByTestId("zone-caption")).toHaveTextContent("UTC");
  expect(screen.getByRole("button", { name: "UTC" })).toHaveAttribute("aria-pressed", "true");
  await userEvent.click(screen.getByRole("button", { name: "Local" }));
  expect(localStorage.getItem("slipway.chartTimezone")).toBe("local");
  // The test runs in UTC, so local reads the same wall clock but names its zone.
  expect(screen.getByTestId("zone-caption")).toHaveTextContent(/^local time, /);
  expect(s.called("AssetHistory")).toHaveLength(1); // the range did not move
});

test("the export panel reads its range in the charts' timezone and follows the toggle", async () => {
  // A browser an hour east of UTC, so local and UTC read differently.
  vi.stubEnv("TZ", "Europe/Amsterdam");
  try {
    renderWithServer(<AssetView />, server(), { route: `/assets/A1?${range}&tags=flow`, path: "/assets/:id" });
    const panel = await screen.findByTestId("export-range");
    expect(panel).toHaveTextContent("1 tag, Fri, Nov 20, 2026, 00:00 UTC → Sat, Nov 21, 2026, 00:00 UTC");
    await userEvent.click(screen.getByRole("button", { name: "Local" }));
    expect(panel).toHaveTextContent("1 tag, Fri, Nov 20, 2026, 01:00 UTC+1 → Sat, Nov 21, 2026, 01:00 UTC+1");
    await userEvent.click(screen.getByRole("button", { name: "UTC" }));
    expect(panel).toHaveTextContent("00:00 UTC → Sat, Nov 21, 2026, 00:00 UTC");
  } finally {
    vi.unstubAllEnvs();
  }
});

test("the crosshair reads a tag at a bucket from the keyboard, with the episode it falls in", async () => {
  episodes = [{ id: "E1", kind: "failure", label: "pump trip", startsAt: "2026-11-20T11:00:00Z", endsAt: "2026-11-20T13:00:00Z",
    tag: { id: "T-flow", name: "flow" } }];
  const s = server();
  renderWithServer(<AssetView />, s, { route: `/assets/A1?${range}&tags=flow`, path: "/assets/:id" });
  const chart = await screen.findByRole("img", { name: /^flow:/ });
  expect(chart.querySelectorAll(".episode")).toHaveLength(1);
  chart.focus();
  await userEvent.keyboard("{End}");
  const readout = chart.closest("figure")!.querySelector(".chart-readout")!;
  expect(readout).toHaveTextContent(/Fri, Nov 20, 2026, 12:00 UTC · avg 3 u · min 2 · max 4 · pump trip/);
  await userEvent.keyboard("{Home}");
  expect(readout).toHaveTextContent(/00:00 UTC · avg 2 u · min 1 · max 3$/);
  await userEvent.click(screen.getByText("1 failure episode in this range"));
  await userEvent.click(screen.getByRole("button", { name: /Zoom to pump trip/ }));
  expect(screen.getByTestId("location")).toHaveTextContent("from=2026-11-20T10%3A00%3A00.000Z&to=2026-11-20T14%3A00%3A00.000Z");
});
