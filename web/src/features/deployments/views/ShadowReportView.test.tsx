import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ShadowReportQuery } from "../../../gql/graphql";
import { renderWithServer, TestServer } from "../../../test/server";
import { ScoringAssetsDocument, StartScoringRunDocument } from "../components/ScoringRunForm";
import { ScoringRunWatchDocument } from "../components/ScoringRunStatus";
import { RunEpisodesDocument, ShadowModelDocument, ShadowReportDocument, ShadowReportView } from "./ShadowReportView";

type Report = ShadowReportQuery["shadowReport"];

const run = (over: Partial<NonNullable<Report["latestRun"]>> = {}) => ({
  id: "R1", status: "SUCCEEDED" as const, message: "Scored 3 windows.", windows: 3, skippedWindows: 0,
  from: "2026-11-23T09:00:00Z", to: "2026-11-23T09:03:00Z", asset: { id: "A1", name: "P-101" }, createdAt: "2026-11-23T09:05:00Z",
  productionLatencyP50Ms: 1.2, productionLatencyP95Ms: 2.5,
  metrics: [{ version: { id: "V3", version: 3 }, windows: 3, agreementRate: 0.667, meanAbsDifference: 0.04, latencyP50Ms: 1.4, latencyP95Ms: 3.1 }],
  ...over,
});

function report(over: Partial<Report> = {}): { shadowReport: Report } {
  const r = run();
  return {
    shadowReport: {
      modelName: "churn", production: { id: "V2", version: 2 }, shadows: [{ id: "V3", version: 3, viewerCanSetStage: true }],
      latestRun: r,
      latestComparison: {
        totalWindows: 3, offset: 0,
        windows: ["2026-11-23T09:00:00Z", "2026-11-23T09:01:00Z", "2026-11-23T09:02:00Z"],
        production: [0.1, 0.5, 0.9],
        shadows: [{ version: { id: "V3", version: 3 }, values: [0.12, 0.45, 0.95] }],
      },
      trend: [{
        version: { id: "V3", version: 3 }, at: ["2026-11-22T09:05:00Z", "2026-11-23T09:05:00Z"], agreementRate: [0.9, 0.667],
        meanAbsDifference: [0.01, 0.04], latencyP95Ms: [3, 3.1], productionLatencyP95Ms: [2.4, 2.5],
      }],
      runs: [r],
      ...over,
    },
  };
}

function server(answer: () => { shadowReport: Report }) {
  return new TestServer()
    .on(ShadowModelDocument, ({ id }) => ({ model: { id, name: "churn" } }))
    .on(ShadowReportDocument, answer)
    .on(RunEpisodesDocument, ({ assetId }) => ({ asset: { id: assetId, events: [
      { id: "E1", label: "pump trip", startsAt: "2026-11-23T09:00:30Z", endsAt: "2026-11-23T09:01:30Z" },
    ] } }))
    .on(ScoringAssetsDocument, () => ({ assets: { edges: [{ node: { id: "A1", name: "P-101" } }, { node: { id: "A2", name: "C-201" } }] } }));
}

const render = (s: TestServer) => renderWithServer(<ShadowReportView />, s, { route: "/models/M1/shadow", path: "/models/:id/shadow" });

test("charts production against the shadow for the latest run and agreement over time, with the run's metrics", async () => {
  render(server(() => report()));
  expect(await screen.findByRole("img", { name: /Predictions per window, latest finished run: production: 3 points; shadow v3: 3 points/ })).toBeInTheDocument();
  expect(screen.getByRole("img", { name: /Agreement with production over time: shadow v3: 2 points/ })).toBeInTheDocument();
  expect(screen.getByRole("img", { name: /P95 latency over time: production: 2 points; shadow v3: 2 points/ })).toBeInTheDocument();
  const metrics = screen.getByRole("table", { name: "Shadow metrics of the latest run" });
  expect(within(metrics).getByText("66.7%")).toBeInTheDocument();
  expect(within(metrics).getByText("1.4 ms / 3.1 ms")).toBeInTheDocument();
  expect(screen.getAllByText("Scored 3 windows.").length).toBeGreaterThan(0);
});

test("a run longer than a page says which windows it shows and pages through the rest, kept in the URL", async () => {
  const s = server(() => {
    const r = report();
    const offset = Number(s.called("ShadowReport").at(-1)?.variables.windowsFrom ?? 0);
    return { shadowReport: { ...r.shadowReport, latestComparison: { ...r.shadowReport.latestComparison!, totalWindows: 86400, offset } } };
  });
  render(s);
  expect(await screen.findByText("Windows 1–3 of 86,400")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Earlier windows" })).toBeDisabled();
  await userEvent.click(screen.getByRole("button", { name: "Later windows" }));
  expect(await screen.findByText("Windows 5,001–5,003 of 86,400")).toBeInTheDocument();
  expect(s.called("ShadowReport").at(-1)?.variables).toEqual({ modelName: "churn", windowsFrom: 5000 });
  expect(screen.getByTestId("location")).toHaveTextContent("/models/M1/shadow?windows=5000");
  await userEvent.click(screen.getByRole("button", { name: "Earlier windows" }));
  expect(await screen.findByText("Windows 1–3 of 86,400")).toBeInTheDocument();
});

test("the scored asset's failure episodes within the run are shaded on the per-window chart", async () => {
  const s = server(() => report());
  render(s);
  expect(await screen.findByText("Shaded: the asset's failure episode (pump trip).")).toBeInTheDocument();
  const chart = screen.getByRole("img", { name: /Predictions per window/ });
  expect(chart.querySelectorAll(".episode")).toHaveLength(1);
  expect(s.called("RunEpisodes")[0]?.variables).toEqual({ assetId: "A1", from: "2026-11-23T09:00:00Z", to: "2026-11-23T09:03:00Z" });
  chart.focus();
  await userEvent.keyboard("{ArrowRight}{ArrowRight}");
  expect(chart.closest("figure")!.querySelector(".chart-readout")).toHaveTextContent(/production 0\.5 .*· pump trip/);
});

test("the crosshair reads every line at one window from the keyboard", async () => {
  render(server(() => report()));
  const chart = await screen.findByRole("img", { name: /Predictions per window/ });
  chart.focus();
  await userEvent.keyboard("{ArrowRight}");
  const readout = chart.closest("figure")!.querySelector(".chart-readout")!;
  expect(readout.textContent).toMatch(/production 0\.1\b.*shadow v3 0\.12/);
  await userEvent.keyboard("{End}");
  expect(readout.textContent).toMatch(/production 0\.9\b.*shadow v3 0\.95/);
  await userEvent.keyboard("{Escape}");
  expect(readout.textContent).toMatch(/Hover, or focus the chart/);
});

test("start a scoring run and follow it live; the report reloads when it has finished", async () => {
  const s = server(() => report({ runs: [], latestRun: null, latestComparison: null, trend: [] }))
    .on(StartScoringRunDocument, ({ input }) => ({ startScoringRun: { ...run({ id: "R2", status: "QUEUED", message: "Waiting for a worker.", windows: 0 }), asset: { id: input.assetId, name: "C-201" } } }));
  render(s);
  expect(await screen.findByText("No scoring runs yet.")).toBeInTheDocument();
  await userEvent.selectOptions(await screen.findByLabelText("Asset"), "A2");
  await userEvent.click(screen.getByRole("button", { name: "Start scoring run" }));
  expect(await screen.findByText("Waiting for a worker.")).toBeInTheDocument();
  expect(s.called("StartScoringRun")[0]?.variables).toMatchObject({ input: { modelName: "churn", assetId: "A2" } });
  await waitFor(() => expect(s.subscribers(ScoringRunWatchDocument)).toBe(1));
  act(() => s.emit(ScoringRunWatchDocument, { scoringRunUpdated: run({ id: "R2", status: "RUNNING", message: "Scoring window 2 of 3.", windows: 1 }) }));
  expect(await screen.findByText("Scoring window 2 of 3.")).toBeInTheDocument();
  act(() => s.emit(ScoringRunWatchDocument, { scoringRunUpdated: run({ id: "R2" }) }));
  await waitFor(() => expect(s.called("ShadowReport")).toHaveLength(2));
  await waitFor(() => expect(s.subscribers(ScoringRunWatchDocument)).toBe(0));
});

test("the server's complaint about the asset shows at the asset field", async () => {
  const s = server(() => report())
    .fail(StartScoringRunDocument, "Version 2 expects 3 input features; asset 'P-101' has 4 tags.", "BAD_USER_INPUT", "assetId");
  render(s);
  await userEvent.click(await screen.findByRole("button", { name: "Start scoring run" }));
  expect(await screen.findByText("Version 2 expects 3 input features; asset 'P-101' has 4 tags.")).toBeInTheDocument();
  expect(screen.getByLabelText(/^Asset/)).toHaveAttribute("aria-invalid", "true");
});

test("without a shadow version the page says what a run needs instead of offering one", async () => {
  render(server(() => report({ shadows: [], runs: [], latestRun: null, latestComparison: null, trend: [] })));
  expect(await screen.findByText(/needs a LIVE production deployment and at least one version in shadow/)).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Start scoring run" })).not.toBeInTheDocument();
});

test("a refused report shows the server's message", async () => {
  const s = server(() => report()).fail(ShadowReportDocument, "Your role `labeler` may not read deployments; ask an admin.", "FORBIDDEN");
  render(s);
  expect(await screen.findByRole("alert")).toHaveTextContent("FORBIDDEN: Your role `labeler` may not read deployments");
});

test("a viewer who may not score sees the report but no form", async () => {
  render(server(() => report({ shadows: [{ id: "V3", version: 3, viewerCanSetStage: false }] })));
  expect(await screen.findByRole("table", { name: "Shadow metrics of the latest run" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Start scoring run" })).not.toBeInTheDocument();
});
