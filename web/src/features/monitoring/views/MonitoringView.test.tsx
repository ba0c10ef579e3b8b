import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { AcknowledgeAlertDocument, AlertUpdatedDocument, DeploymentAlertsDocument } from "../components/AlertList";
import { SetPayloadLoggingDocument } from "../components/LoggingControls";
import { MonitoringDeploymentsDocument, MonitoringReportDocument, MonitoringView } from "./MonitoringView";

const point = (at: string, psi: number, drifted: boolean) => ({
  at, psi, ksStatistic: psi / 2, ksPValue: 0.001, chiSquarePValue: null, drifted, liveCount: 600, referenceCount: 600,
});

function server(acknowledged: { value: string | null; asked?: number }) {
  const alert = () => ({
    id: "AL1", feature: "x[1]", kind: "INPUT" as const, status: "OPEN" as const, metric: "PSI", value: 0.61, threshold: 0.2,
    createdAt: "2026-12-07T10:00:00Z", closedAt: null, acknowledgedAt: acknowledged.value, viewerCanAcknowledge: acknowledged.value === null,
  });
  return new TestServer()
    .on(MonitoringDeploymentsDocument, ({ id }) => ({
      model: { id, name: "churn" },
      deployments: { edges: [
        { node: { id: "D-S", environment: "STAGING" as const, version: { id: "V2", version: 2 } } },
        { node: { id: "D-P", environment: "PRODUCTION" as const, version: { id: "V1", version: 1 } } },
      ] },
    }))
    .on(MonitoringReportDocument, ({ deploymentId }) => ({
      monitoringReport: {
        deploymentId,
        logging: deploymentId === "D-P"
          ? { samplePercent: 10, referenceFrom: "2026-12-01T00:00:00Z", referenceTo: "2026-12-02T00:00:00Z" }
          : { samplePercent: 10, referenceFrom: null, referenceTo: null },
        // Production has a live window chosen; staging falls back to its version's training export.
        reference: deploymentId === "D-P"
          ? { kind: "LIVE_WINDOW" as const, description: "live window", liveFrom: "2026-12-01T00:00:00Z", liveTo: "2026-12-02T00:00:00Z", note: null }
          : {
            kind: "TRAINING_EXPORTS" as const, description: "training export HE1, 1200 rows, sha256 ab12", liveFrom: null, liveTo: null,
            note: "Outputs are not compared: a training export holds the model's inputs, not its answers.",
          },
        thresholds: { psi: 0.2, ksStatistic: 0.1, pValue: 0.01 },
        features: [
          {
            name: "x[1]", kind: "INPUT" as const, featureType: "NUMERIC" as const,
            points: [point("2026-12-07T09:00:00Z", 0.02, false), point("2026-12-07T10:00:00Z", 0.61, true)],
            histogram: { edges: [0, 1, 2], categories: null, live: [10, 90], reference: [50, 50] },
          },
        ],
        versions: [{
          version: "churn-v1", requests: 200, errors: 2, errorRate: 0.01,
          points: [{ at: "2026-12-07T09:00:00Z", requests: 200, errorRate: 0.01, latencyP50Ms: 1.5, latencyP95Ms: 4 }],
        }],
        viewerCanConfigure: deploymentId === "D-S",
      },
    }))
    .on(DeploymentAlertsDocument, () => {
      acknowledged.asked = (acknowledged.asked ?? 0) + 1;
      return { alerts: { edges: [{ node: alert() }] } };
    })
    .on(AcknowledgeAlertDocument, ({ id }) => {
      acknowledged.value = "2026-12-07T11:00:00Z";
      return { acknowledgeAlert: { id, acknowledgedAt: acknowledged.value, viewerCanAcknowledge: false } };
    });
}

const render = (s: TestServer) =>
  renderWithServer(<MonitoringView />, s, { route: "/models/M1/monitoring", path: "/models/:id/monitoring" });

test("shows production's drift per feature, its histograms, traffic per version and its alerts", async () => {
  const s = server({ value: null });
  render(s);
  expect(await screen.findByRole("img", { name: /PSI of x\[1\] over time: PSI: 2 points/ })).toBeInTheDocument();
  expect(screen.getByRole("combobox", { name: /Deployment/ })).toHaveValue("D-P"); // production first
  expect(screen.getByRole("img", { name: /Live vs reference, x\[1\]: 0.00 – 1.00: live 10.0%, reference 50.0%/ })).toBeInTheDocument();
  expect(screen.getByText("drifted")).toBeInTheDocument();
  expect(screen.getByText(/Logging 10 % of requests/)).toBeInTheDocument();
  expect(screen.getByText(/Reference: live window /)).toBeInTheDocument();
  const traffic = screen.getByRole("table", { name: "Logged requests per version" });
  expect(within(traffic).getByText("churn-v1")).toBeInTheDocument();
  expect(within(traffic).getByText("1.0%")).toBeInTheDocument();
  const alerts = await screen.findByRole("table", { name: "Drift alerts" });
  expect(within(alerts).getByText(/PSI 0.610 \(threshold 0.2\)/)).toBeInTheDocument();
}, 20_000);

test("acknowledging an alert asks the server and shows when, and a pushed change reloads the list", async () => {
  const acknowledged = { value: null as string | null, asked: 0 };
  const s = server(acknowledged);
  render(s);
  const button = await screen.findByRole("button", { name: "Acknowledge" });
  await userEvent.click(button);
  await waitFor(() => expect(screen.queryByRole("button", { name: "Acknowledge" })).not.toBeInTheDocument());
  expect(acknowledged.value).not.toBeNull();
  await waitFor(() => expect(s.subscribers(AlertUpdatedDocument)).toBe(1));
  const before = acknowledged.asked;
  act(() => s.emit(AlertUpdatedDocument, { alertUpdated: { id: "AL1", status: "CLOSED" as const } }));
  await waitFor(() => expect(acknowledged.asked).toBeGreaterThan(before));
}, 20_000);

test("the sampling rate can be set where the server says so, and not elsewhere", async () => {
  const sent: number[] = [];
  const s = server({ value: null }).on(SetPayloadLoggingDocument, ({ samplePercent }) => {
    sent.push(samplePercent);
    return { setPayloadLogging: { samplePercent } };
  });
  render(s);
  await screen.findByRole("img", { name: /PSI of x\[1\]/ });
  expect(screen.queryByRole("region", { name: "Payload logging and reference" })).not.toBeInTheDocument(); // production
  await userEvent.selectOptions(screen.getByRole("combobox", { name: /Deployment/ }), "D-S");
  const controls = await screen.findByRole("region", { name: "Payload logging and reference" });
  const input = within(controls).getByRole("spinbutton", { name: /Log this share/ });
  await userEvent.clear(input);
  await userEvent.type(input, "25");
  await userEvent.click(within(controls).getByRole("button", { name: "Save" }));
  await waitFor(() => expect(sent).toEqual([25]));
}, 20_000);

test("says what the drift is measured against: the version's training export, and that outputs are left out", async () => {
  render(server({ value: null }));
  await screen.findByRole("img", { name: /PSI of x\[1\]/ });
  await userEvent.selectOptions(screen.getByRole("combobox", { name: /Deployment/ }), "D-S");
  expect(await screen.findByText(/Reference: training export HE1, 1200 rows, sha256 ab12\./)).toBeInTheDocument();
  expect(screen.getByText(/Outputs are not compared/)).toBeInTheDocument();
  expect(screen.queryByText(/Reference: live window/)).not.toBeInTheDocument();
}, 20_000);
