import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { DeploymentPageQuery } from "../../../gql/graphql";
import { renderWithServer, TestServer } from "../../../test/server";
import { RetireDeploymentDocument } from "../components/DeploymentActions";
import { ActiveEnvironmentsDocument } from "../components/EnvironmentPanel";
import { DeploymentPageDocument, DeploymentView, DeploymentWatchDocument } from "./DeploymentView";
import { activeModels, deployment, serving } from "./fixtures";

type Events = DeploymentPageQuery["deployment"]["events"];

function answer(d: ReturnType<typeof deployment>, events: Events) {
  return { deployment: { ...d, model: { id: "M1", name: "churn" }, events } };
}

const render = (s: TestServer) => renderWithServer(<DeploymentView />, s, { route: "/deployments/D1", path: "/deployments/:id" });

test("follows a staging rollout live until LIVE, with its timeline and endpoint", async () => {
  let d = deployment({ version: 4, environment: "STAGING", status: "PENDING" });
  let events: Events = [{ at: "2026-11-23T10:00:00Z", status: "PENDING", trafficPercent: 0, message: "Deployment of v4 to staging requested." }];
  const s = new TestServer()
    .on(DeploymentPageDocument, () => answer(d, events))
    .on(ActiveEnvironmentsDocument, () => activeModels(d.status === "LIVE" ? { staging: serving(d) } : {}));
  render(s);
  expect(await screen.findByRole("heading", { name: "churn v4 in staging" })).toBeInTheDocument();
  expect(screen.getByText("Deployment of v4 to staging requested.")).toBeInTheDocument();
  expect(await screen.findByText("Nothing is serving staging.")).toBeInTheDocument();
  expect(screen.getByText("Rolling out")).toBeInTheDocument();
  await waitFor(() => expect(s.subscribers(DeploymentWatchDocument)).toBe(1));
  d = deployment({ ...d, version: 4, environment: "STAGING", status: "LIVE", trafficPercent: 100, endpointUrl: "/v2/models/churn-staging/infer" });
  events = [...events, { at: "2026-11-23T10:00:05Z", status: "LIVE", trafficPercent: 100, message: "Loaded, ready, smoke request answered; route switched." }];
  act(() => s.emit(DeploymentWatchDocument, { deploymentUpdated: { id: d.id, status: "LIVE", trafficPercent: 100, message: "" } }));
  expect(await screen.findByText("Loaded, ready, smoke request answered; route switched.")).toBeInTheDocument();
  expect(screen.getAllByText("LIVE").length).toBeGreaterThan(0);
  expect(await screen.findByText(/\/v2\/models\/churn-staging\/infer$/)).toBeInTheDocument();
  expect(screen.getByRole("img", { name: "Staging traffic: v4 100%" })).toBeInTheDocument();
  expect(s.subscribers(DeploymentWatchDocument)).toBe(1); // LIVE is not final: a rollback or retire may follow
});

test("retire asks first, naming the endpoint that will stop answering; Escape cancels and nothing is sent", async () => {
  const d = deployment({ version: 4, environment: "PRODUCTION", status: "LIVE", viewerCanRetire: true });
  const s = new TestServer()
    .on(DeploymentPageDocument, () => answer(d, []))
    .on(ActiveEnvironmentsDocument, () => activeModels({ production: serving(d) }))
    .on(RetireDeploymentDocument, ({ id }) => ({ retireDeployment: { id, status: "LIVE" as const, message: "Retirement requested: the endpoint goes away." } }));
  render(s);
  const retire = await screen.findByRole("button", { name: "Retire production v4" });
  await userEvent.click(retire);
  let dialog = screen.getByRole("alertdialog", { name: "Retire production v4?" });
  expect(dialog).toHaveTextContent("churn-production will stop answering: v4 serves 100% of production traffic now");
  expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus(); // Enter must not take production down
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(retire).toHaveFocus();
  expect(s.called("RetireDeployment")).toHaveLength(0);

  await userEvent.click(retire);
  dialog = screen.getByRole("alertdialog");
  await userEvent.click(within(dialog).getByRole("button", { name: "Retire churn-production" }));
  expect(await screen.findByText("Retiring production v4: Retirement requested: the endpoint goes away.")).toBeInTheDocument();
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(s.called("RetireDeployment")[0]?.variables).toEqual({ id: d.id });
});

test("a refused retire closes the dialog and says the server's sentence in a toast", async () => {
  const d = deployment({ version: 4, environment: "PRODUCTION", status: "LIVE", viewerCanRetire: true });
  const s = new TestServer()
    .on(DeploymentPageDocument, () => answer(d, []))
    .on(ActiveEnvironmentsDocument, () => activeModels({ production: serving(d) }))
    .fail(RetireDeploymentDocument, "This deployment is ROLLING_OUT, so it cannot become RETIRED: wait until the rollout has finished, or roll it back.", "CONFLICT");
  render(s);
  await userEvent.click(await screen.findByRole("button", { name: "Retire production v4" }));
  await userEvent.click(screen.getByRole("button", { name: "Retire churn-production" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("This deployment is ROLLING_OUT, so it cannot become RETIRED");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(screen.getByText("Nothing has happened yet.")).toBeInTheDocument();
});

test("after a rollback, the rolled-back deployment's page names the version that serves production now", async () => {
  const v1 = deployment({ version: 1, environment: "PRODUCTION", status: "LIVE" });
  const v2 = deployment({ version: 2, environment: "PRODUCTION", status: "ROLLED_BACK", strategy: "CANARY", canarySteps: [50, 100],
    trafficPercent: 50, message: "Rolled back: error rate doubled" });
  const s = new TestServer()
    .on(DeploymentPageDocument, () => answer(v2, []))
    .on(ActiveEnvironmentsDocument, () => activeModels({ production: serving(v1) }));
  render(s);
  const production = await screen.findByRole("region", { name: "Production" });
  expect(await within(production).findByRole("img", { name: "Production traffic: v1 100%" })).toBeInTheDocument();
  expect(within(production).getByText("v1 answers 100% of production traffic.")).toBeInTheDocument();
  expect(within(production).queryByText(/Nothing is serving/)).not.toBeInTheDocument();
  expect(within(production).getByText("This deployment")).toBeInTheDocument();
  expect(within(production).getByText("Rolled back: error rate doubled")).toBeInTheDocument();
  expect(within(production).queryByRole("list", { name: "Canary steps" })).not.toBeInTheDocument(); // no stale 50%
});

test("a deployment of another tenant (or none) is NOT_FOUND", async () => {
  const s = new TestServer().fail(DeploymentPageDocument, "No deployment with this id.", "NOT_FOUND");
  render(s);
  expect(await screen.findByRole("alert")).toHaveTextContent("NOT_FOUND: No deployment with this id.");
});

test("a canary's page shows the split with the version it replaces, and the check of each step", async () => {
  const stable = deployment({ version: 1, environment: "PRODUCTION", status: "LIVE", trafficPercent: 50,
    message: "Live: 100 % of production traffic at /v2/models/churn-production/infer." });
  const canary = deployment({
    version: 2, environment: "PRODUCTION", status: "ROLLING_OUT", strategy: "CANARY", canarySteps: [50, 100], trafficPercent: 50,
    message: "Canary step 1 of 2: 50 % of production traffic.",
  });
  const events: Events = [
    { at: "2026-11-23T10:00:00Z", status: "ROLLING_OUT", trafficPercent: 50, message: "Canary step 1 of 2: 50 % of production traffic." },
  ];
  render(new TestServer()
    .on(DeploymentPageDocument, () => answer(canary, events))
    .on(ActiveEnvironmentsDocument, () => activeModels({ production: serving(stable, canary) })));
  expect(await screen.findByRole("img", { name: "Production traffic: v2 (new) 50%, v1 50%" })).toBeInTheDocument();
  expect(screen.getByText("Rolling out")).toBeInTheDocument();
  expect(screen.getByText("Serving")).toBeInTheDocument();
  expect(screen.getByRole("list", { name: "Canary steps" })).toHaveTextContent("50%100%");
  expect(screen.getByText("v2 (new) answers 50% and v1 50% of production traffic.")).toBeInTheDocument();
  expect(screen.queryByText(/Live: 100 %/)).not.toBeInTheDocument(); // how v1 went live, stale while the split moves
});
