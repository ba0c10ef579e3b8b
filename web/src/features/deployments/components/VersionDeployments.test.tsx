// The deployments section of a version page: deploy, promote with a strategy, shadow, live list.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { VersionPageQuery } from "../../../gql/graphql";
import { renderWithServer, TestServer } from "../../../test/server";
import { withLineage } from "../../models/components/lineageFixtures";
import { VersionPageDocument, VersionView } from "../../models/views/VersionView";
import { DeployVersionDocument, parseSteps } from "./DeployPanel";
import { SetVersionStageDocument } from "./StageControl";
import { activeModels, deployment, serving } from "../views/fixtures";
import { ActiveEnvironmentsDocument } from "./EnvironmentPanel";
import { ModelDeploymentsChangedDocument } from "./VersionDeployments";

type V = VersionPageQuery["modelVersion"];

function version(over: Partial<V> = {}, role: "ADMIN" | "ML_ENGINEER" | "VIEWER" = "ADMIN"): VersionPageQuery {
  return {
    me: { id: "U1", role, canDecideApprovals: role === "ADMIN" },
    modelVersion: {
      id: "V2", version: 2, status: "APPROVED", description: "", createdAt: "2026-11-23T10:00:00Z", validatedAt: "2026-11-23T10:01:00Z",
      model: { id: "M1", name: "churn" }, report: [], approvalRequest: null, approvalHistory: [], cardHistory: [],
      viewerCanReportFinding: false, securityFindings: [],
      promotionGates: {
        passed: true, evaluatedAt: "2026-11-23T10:05:00Z", gates: [],
        policy: { source: "BUILT_IN", requiredApprovals: 1, approverRoles: ["ADMIN"], viewerCanEdit: false },
      },
      card: {
        viewerCanSubmit: false, viewerCanApprove: false, viewerCanEdit: false, viewerCanRevise: false, revision: 1, editable: false, inputs: [], outputs: [], opsets: [], producer: null,
        irVersion: null, parameterCount: null, sizeBytes: 10, sha256: "ab", latencyP50Ms: null, latencyP95Ms: null,
        intendedUse: "", trainingData: "", metrics: {}, limitations: "",
      },
      stage: "NONE", viewerCanDeployStaging: false, viewerCanDeployProduction: false, viewerCanSetStage: false, deployments: [],
      ...over,
    },
  };
}

const render = (s: TestServer) => renderWithServer(<VersionView />, withLineage(s), { route: "/models/versions/V2", path: "/models/versions/:id" });

test("deploy to staging: the list follows the rollout live", async () => {
  let current = version({ viewerCanDeployStaging: true });
  const s = new TestServer()
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(VersionPageDocument, () => current)
    .on(DeployVersionDocument, () => {
      current = version({ viewerCanDeployStaging: true, deployments: [
        { id: "D9", environment: "STAGING", strategy: "DIRECT", status: "PENDING", trafficPercent: 0, endpointUrl: null, createdAt: "2026-11-23T10:02:00Z" },
      ] });
      return { deployModelVersion: { id: "D9", status: "PENDING" as const, environment: "STAGING" as const } };
    });
  render(s);
  expect(screen.queryByRole("button", { name: "Promote to production" })).not.toBeInTheDocument();
  expect(await screen.findByText("This version has not been deployed.")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Deploy to staging" }));
  expect(await screen.findByRole("link", { name: "follow it" })).toHaveAttribute("href", "/deployments/D9");
  expect(s.called("DeployVersion")[0]?.variables).toEqual({ input: { versionId: "V2", environment: "STAGING", strategy: "DIRECT" } });
  const table = await screen.findByRole("table", { name: "Deployments of v2" });
  expect(within(table).getByText("PENDING")).toBeInTheDocument();

  await waitFor(() => expect(s.subscribers(ModelDeploymentsChangedDocument)).toBe(1));
  current = version({ viewerCanDeployStaging: true, deployments: [
    { id: "D9", environment: "STAGING", strategy: "DIRECT", status: "LIVE", trafficPercent: 100, endpointUrl: "/v2/models/churn-staging/infer", createdAt: "2026-11-23T10:02:00Z" },
  ] });
  act(() => s.emit(ModelDeploymentsChangedDocument, { deploymentsChanged: { id: "D9", status: "LIVE", trafficPercent: 100 } }));
  expect(await within(table).findByText("LIVE")).toBeInTheDocument();
  expect(within(table).getByText(/churn-staging\/infer$/)).toBeInTheDocument();
});

test("promote to production as a canary with its steps; the server's refusal is shown as it is", async () => {
  const s = new TestServer()
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(VersionPageDocument, () => version({ viewerCanDeployProduction: true }))
    .fail(DeployVersionDocument, "v2 is not LIVE in staging: deploy it to staging first and let it reach LIVE.", "CONFLICT");
  render(s);
  expect(screen.queryByRole("button", { name: "Deploy to staging" })).not.toBeInTheDocument();
  await userEvent.click(await screen.findByRole("radio", { name: /Canary/ }));
  const steps = screen.getByLabelText(/Canary steps/);
  await userEvent.clear(steps);
  await userEvent.type(steps, "ten, 50");
  await userEvent.click(screen.getByRole("button", { name: "Promote to production" }));
  expect(await screen.findByText(/whole percentages/)).toBeInTheDocument();
  expect(s.called("DeployVersion")).toHaveLength(0);
  await userEvent.clear(steps);
  await userEvent.type(steps, "5, 25, 100");
  await userEvent.click(screen.getByRole("button", { name: "Promote to production" }));
  const dialog = await screen.findByRole("alertdialog", { name: "Promote v2 to production?" });
  expect(dialog).toHaveTextContent("v2 gets 5%, then 25%, then 100% of production traffic on churn-production, checked at each step.");
  await userEvent.click(within(dialog).getByRole("button", { name: "Promote v2 to production" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("CONFLICT: v2 is not LIVE in staging");
  expect(s.called("DeployVersion")[0]?.variables).toEqual({
    input: { versionId: "V2", environment: "PRODUCTION", strategy: "CANARY", canarySteps: [5, 25, 100] },
  });
});

test("blue-green is the default strategy and sends no canary steps", async () => {
  const s = new TestServer()
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(VersionPageDocument, () => version({ viewerCanDeployProduction: true }))
    .on(DeployVersionDocument, () => ({ deployModelVersion: { id: "D1", status: "PENDING" as const, environment: "PRODUCTION" as const } }));
  render(s);
  expect(await screen.findByRole("radio", { name: /Blue-green/ })).toBeChecked();
  await userEvent.click(screen.getByRole("button", { name: "Promote to production" }));
  await userEvent.click(await screen.findByRole("button", { name: "Promote v2 to production" }));
  await screen.findByRole("link", { name: "follow it" });
  expect(s.called("DeployVersion")[0]?.variables).toEqual({
    input: { versionId: "V2", environment: "PRODUCTION", strategy: "BLUE_GREEN", canarySteps: null },
  });
});

test("a viewer without deploy or stage rights sees the deployments but no buttons", async () => {
  const s = new TestServer().on(ActiveEnvironmentsDocument, () => activeModels()).on(VersionPageDocument, () => version({ stage: "PRODUCTION" }));
  render(s);
  expect(await screen.findByText("PRODUCTION")).toBeInTheDocument();
  for (const name of ["Deploy to staging", "Promote to production", "Move v2 to shadow"]) {
    expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
  }
});

test("move to shadow", async () => {
  let current = version({ viewerCanSetStage: true });
  const s = new TestServer()
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(VersionPageDocument, () => current)
    .on(SetVersionStageDocument, ({ stage }) => {
      current = version({ viewerCanSetStage: true, stage });
      return { setModelVersionStage: { id: "V2", stage } };
    });
  render(s);
  await userEvent.click(await screen.findByRole("button", { name: "Move v2 to shadow" }));
  expect(await screen.findByRole("button", { name: "Take v2 out of shadow" })).toBeInTheDocument();
  expect(screen.getByText("SHADOW")).toBeInTheDocument();
});

test("canary steps are read as whole percentages", () => {
  expect(parseSteps("10, 50 100")).toEqual([10, 50, 100]);
  expect(parseSteps("10.5")).toBeNull();
  expect(parseSteps("")).toBeNull();
});

test("an ML engineer is told that only admins promote, where the control would be", async () => {
  const s = new TestServer()
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(VersionPageDocument, () => version({ viewerCanDeployStaging: true }, "ML_ENGINEER"));
  render(s);
  expect(await screen.findByText(/Only admins promote to production \(your role is ml engineer\)/)).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Promote to production" })).not.toBeInTheDocument();
});

test("after a rollback, the rolled-back version's page says which version serves production now", async () => {
  const v1 = deployment({ version: 1, environment: "PRODUCTION", status: "LIVE" });
  const s = new TestServer()
    .on(ActiveEnvironmentsDocument, () => activeModels({ production: serving(v1) }))
    .on(VersionPageDocument, () => version({ stage: "NONE", deployments: [
      { id: "D7", environment: "PRODUCTION", strategy: "CANARY", status: "ROLLED_BACK", trafficPercent: 50, endpointUrl: null, createdAt: "2026-11-23T10:02:00Z" },
    ] }));
  render(s);
  const now = await screen.findByRole("region", { name: "Serving now" });
  expect(await within(now).findByText("v1 answers 100% of production traffic.")).toBeInTheDocument();
  expect(within(now).getByRole("img", { name: "Production traffic: v1 100%" })).toBeInTheDocument();
  expect(within(now).getByText("Nothing is serving staging.")).toBeInTheDocument();
  // The rolled-back row keeps no stale share.
  const table = screen.getByRole("table", { name: "Deployments of v2" });
  expect(within(table).queryByText("50%")).not.toBeInTheDocument();
});
