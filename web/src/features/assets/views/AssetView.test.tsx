import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { ExportHistoryDocument, ExportWatchDocument } from "../components/ExportPanel";
import { AssetHistoryDocument, AssetPageDocument, AssetView } from "./AssetView";

const pack = (values: number[]) => btoa(String.fromCharCode(...new Uint8Array(new Float64Array(values).buffer)));
const tag = (name: string, unit: string) => ({ id: `T-${name}`, name, unit, description: "" });
const exp = (status: string, progress: number, downloadUrl: string | null = null) => ({
  id: "E1", status: status as "QUEUED", progress, rowCount: 10, sizeBytes: 2048, error: null, downloadUrl,
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
        })) } },
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
