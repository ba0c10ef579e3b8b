import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { EnvironmentPanel_DeploymentFragment, ShadowPanel_VersionFragment } from "../../../gql/graphql";
import { renderWithServer, TestServer } from "../../../test/server";
import { RollbackDeploymentDocument } from "../components/DeploymentActions";
import { DeploymentHistoryDocument } from "../components/DeploymentHistory";
import { ActiveEnvironmentsDocument } from "../components/EnvironmentPanel";
import { ActiveEndpointsDocument } from "../components/ShadowPanel";
import { SetVersionStageDocument } from "../components/StageControl";
import { ModelDeploymentsChangedDocument } from "../components/VersionDeployments";
import { activeModels, deployment, serving, shadowVersion } from "./fixtures";
import { ModelDeploymentsDocument, ModelDeploymentsView } from "./ModelDeploymentsView";

function page(deployments: EnvironmentPanel_DeploymentFragment[], versions: ShadowPanel_VersionFragment[] = []) {
  return {
    model: { id: "M1", name: "churn", versions },
    deployments: { edges: deployments.map((node) => ({ node })) },
  };
}

function history(deployments: EnvironmentPanel_DeploymentFragment[], hasNextPage = false) {
  return { deployments: { edges: deployments.map((node) => ({ node })), pageInfo: { hasNextPage, endCursor: hasNextPage ? "c1" : null } } };
}

const render = (s: TestServer) => renderWithServer(<ModelDeploymentsView />, s, { route: "/models/M1/deployments", path: "/models/:id/deployments" });

test("staging, production and shadow side by side; a canary's traffic and steps follow pushed changes", async () => {
  const stable = deployment({ version: 1, environment: "PRODUCTION", status: "LIVE", strategy: "BLUE_GREEN" });
  let canary = deployment({
    version: 2, environment: "PRODUCTION", status: "ROLLING_OUT", strategy: "CANARY", canarySteps: [10, 50, 100], trafficPercent: 10,
    message: "Step 10%: error rate 0.0% (limit 5%), P95 4 ms against 5 ms.",
  });
  const staging = deployment({ version: 2, environment: "STAGING", status: "LIVE" });
  const s = new TestServer()
    .on(DeploymentHistoryDocument, () => history([canary, staging, stable])).on(ModelDeploymentsDocument, () => page([canary, staging, stable], [shadowVersion(3, { stage: "SHADOW" }), shadowVersion(2)]))
    .on(ActiveEnvironmentsDocument, () => activeModels({ production: serving({ ...stable, trafficPercent: 100 - canary.trafficPercent }, canary), staging: serving(staging) }))
    .on(ActiveEndpointsDocument, () => ({ activeModels: { shadows: [{ version: { id: "V3" }, endpointUrl: "/v2/models/churn-v3-shadow/infer" }] } }));
  render(s);
  const production = await screen.findByRole("region", { name: "Production" });
  expect(await within(production).findByRole("img", { name: "Production traffic: v2 (new) 10%, v1 90%" })).toBeInTheDocument();
  expect(within(production).getByText("v2 (new) answers 10% and v1 90% of production traffic.")).toBeInTheDocument();
  expect(within(production).getByText("Step 10%: error rate 0.0% (limit 5%), P95 4 ms against 5 ms.")).toBeInTheDocument();
  expect(within(production).getByText("10%")).toHaveAttribute("aria-current", "step");
  expect(within(production).getByText(/\/v2\/models\/churn-production\/infer$/)).toBeInTheDocument();
  const stagingPanel = screen.getByRole("region", { name: "Staging" });
  expect(within(stagingPanel).getByRole("img", { name: "Staging traffic: v2 100%" })).toBeInTheDocument();
  const shadow = screen.getByRole("region", { name: "Shadow" });
  expect(await within(shadow).findByText(/churn-v3-shadow\/infer$/)).toBeInTheDocument();
  expect(within(shadow).queryByRole("link", { name: "v2" })).not.toBeInTheDocument();

  await waitFor(() => expect(s.subscribers(ModelDeploymentsChangedDocument)).toBe(1));
  canary = { ...canary, trafficPercent: 50, message: "Step 50%: error rate 0.0% (limit 5%)." };
  act(() => s.emit(ModelDeploymentsChangedDocument, { deploymentsChanged: { id: canary.id, status: "ROLLING_OUT", trafficPercent: 50 } }));
  expect(await within(production).findByRole("img", { name: "Production traffic: v2 (new) 50%, v1 50%" })).toBeInTheDocument();
  expect(within(production).getByText("50%")).toHaveAttribute("aria-current", "step");
  expect(within(production).getByText("10% ✓")).toBeInTheDocument();
});

test("no deployments: each environment says nothing serves it, and the list says how to start", async () => {
  const s = new TestServer().on(DeploymentHistoryDocument, () => history([])).on(ModelDeploymentsDocument, () => page([])).on(ActiveEnvironmentsDocument, () => activeModels());
  render(s);
  expect(await screen.findByText(/No deployments yet/)).toBeInTheDocument();
  expect(await screen.findByText("Nothing is serving staging.")).toBeInTheDocument();
  expect(screen.getByText("Nothing is serving production.")).toBeInTheDocument();
  expect(screen.getByText(/No version runs in shadow/)).toBeInTheDocument();
  expect(screen.queryByRole("button")).not.toBeInTheDocument();
});

test("a model that is not there shows the server's NOT_FOUND", async () => {
  const s = new TestServer().fail(ModelDeploymentsDocument, "No model with id M1 in your tenant.", "NOT_FOUND");
  render(s);
  expect(await screen.findByRole("alert")).toHaveTextContent("NOT_FOUND: No model with id M1 in your tenant.");
});

test("rollback asks for a reason, shows the server's refusal, and is offered only where the server allows", async () => {
  const live = deployment({ version: 2, environment: "PRODUCTION", status: "LIVE", viewerCanRollback: true, viewerCanRetire: false,
    previous: { id: "D0", version: { id: "V1", version: 1 } } });
  const staging = deployment({ version: 2, environment: "STAGING", status: "LIVE" });
  const s = new TestServer()
    .on(DeploymentHistoryDocument, () => history([live, staging])).on(ModelDeploymentsDocument, () => page([live, staging]))
    .on(ActiveEnvironmentsDocument, () => activeModels({ production: serving(live), staging: serving(staging) }))
    .fail(RollbackDeploymentDocument, "Say why you roll back: a reason is required.", "BAD_USER_INPUT", "reason");
  render(s);
  const production = await screen.findByRole("region", { name: "Production" });
  expect(within(screen.getByRole("region", { name: "Staging" })).queryByRole("button", { name: /Roll back|Retire/ })).not.toBeInTheDocument();
  expect(within(production).queryByRole("button", { name: /Retire/ })).not.toBeInTheDocument();
  await userEvent.click(await within(production).findByRole("button", { name: "Roll back production v2" }));
  const dialog = screen.getByRole("alertdialog", { name: "Roll back production v2?" });
  expect(dialog).toHaveTextContent("Production goes back to v1: v2 stops answering churn-production once v1 is loaded again.");
  expect(within(dialog).getByLabelText(/Reason for the rollback/)).toHaveFocus();
  await userEvent.click(within(dialog).getByRole("button", { name: "Roll back production v2" }));
  expect(await within(dialog).findByText("Say why you roll back: a reason is required.")).toBeInTheDocument();
  expect(within(dialog).getByLabelText(/Reason for the rollback/)).toHaveAttribute("aria-invalid", "true");
  s.on(RollbackDeploymentDocument, ({ id }) => ({ rollbackDeployment: { id, status: "ROLLED_BACK" as const, message: "Rollback requested: error rate doubled" } }));
  await userEvent.type(within(dialog).getByLabelText(/Reason for the rollback/), "error rate doubled");
  await userEvent.click(within(dialog).getByRole("button", { name: "Roll back production v2" }));
  expect(await screen.findByText("Rolling back production v2: Rollback requested: error rate doubled")).toBeInTheDocument();
  expect(s.called("RollbackDeployment")[1]?.variables).toEqual({ id: live.id, reason: "error rate doubled" });
  await waitFor(() => expect(s.called("ModelDeployments")).toHaveLength(2)); // the page reloads what changed
  await waitFor(() => expect(s.called("ActiveEnvironments")).toHaveLength(2)); // and what serves each environment
});

test("take a version out of shadow; a refusal shows the server's message", async () => {
  const s = new TestServer()
    .on(DeploymentHistoryDocument, () => history([])).on(ModelDeploymentsDocument, () => page([], [shadowVersion(3, { stage: "SHADOW", viewerCanSetStage: true })]))
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(ActiveEndpointsDocument, () => ({ activeModels: { shadows: [] } }))
    .fail(SetVersionStageDocument, "v3 is not in shadow any more.", "CONFLICT");
  render(s);
  await userEvent.click(await screen.findByRole("button", { name: "Take v3 out of shadow" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("CONFLICT: v3 is not in shadow any more.");
  expect(s.called("SetVersionStage")[0]?.variables).toEqual({ versionId: "V3", stage: "NONE" });
});

test("every deployment pages past the first page and filters by environment and status on the server", async () => {
  const older = Array.from({ length: 30 }, (_, i) => deployment({ version: i + 1, environment: "STAGING", status: "RETIRED" }));
  const s = new TestServer()
    .on(ModelDeploymentsDocument, () => page([]))
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(DeploymentHistoryDocument, (v) =>
      v.status === "FAILED" ? history([]) : v.after ? history(older.slice(25)) : history(older.slice(0, 25), true));
  render(s);
  const table = await screen.findByRole("table", { name: "Every deployment of this model, newest first" });
  expect(within(table).getAllByRole("row")).toHaveLength(26);
  await userEvent.click(screen.getByRole("button", { name: "Older" }));
  await waitFor(() => expect(within(screen.getByRole("table")).getAllByRole("row")).toHaveLength(31));
  expect(s.called("DeploymentHistory").at(-1)?.variables).toMatchObject({ modelId: "M1", after: "c1", environment: null, status: null });
  await userEvent.selectOptions(screen.getByLabelText("Status"), "FAILED");
  expect(await screen.findByText("No deployment matches these filters.")).toBeInTheDocument();
  expect(s.called("DeploymentHistory").at(-1)?.variables).toMatchObject({ status: "FAILED", after: null });
  expect(screen.getByTestId("location")).toHaveTextContent("status=FAILED");
});
