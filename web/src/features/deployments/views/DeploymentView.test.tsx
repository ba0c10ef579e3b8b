import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { DeploymentPageQuery } from "../../../gql/graphql";
import { renderWithServer, TestServer } from "../../../test/server";
import { RetireDeploymentDocument } from "../components/DeploymentActions";
import { DeploymentPageDocument, DeploymentView, DeploymentWatchDocument } from "./DeploymentView";
import { deployment } from "./fixtures";

type Events = DeploymentPageQuery["deployment"]["events"];

function answer(d: ReturnType<typeof deployment>, events: Events, previous: ReturnType<typeof deployment> | null = null) {
  return { deployment: { ...d, model: { id: "M1", name: "churn" }, events, previous } };
}

const render = (s: TestServer) => renderWithServer(<DeploymentView />, s, { route: "/deployments/D1", path: "/deployments/:id" });

test("follows a staging rollout live until LIVE, with its timeline and endpoint", async () => {
  let d = deployment({ version: 4, environment: "STAGING", status: "PENDING" });
  let events: Events = [{ at: "2026-11-23T10:00:00Z", status: "PENDING", trafficPercent: 0, message: "Deployment of v4 to staging requested." }];
  const s = new TestServer().on(DeploymentPageDocument, () => answer(d, events));
  render(s);
  expect(await screen.findByRole("heading", { name: "churn v4 in staging" })).toBeInTheDocument();
  expect(screen.getByText("Deployment of v4 to staging requested.")).toBeInTheDocument();
  expect(screen.getByText("no endpoint yet")).toBeInTheDocument();
  await waitFor(() => expect(s.subscribers(DeploymentWatchDocument)).toBe(1));
  d = deployment({ ...d, version: 4, environment: "STAGING", status: "LIVE", trafficPercent: 100, endpointUrl: "/v2/models/churn-staging/infer" });
  events = [...events, { at: "2026-11-23T10:00:05Z", status: "LIVE", trafficPercent: 100, message: "Loaded, ready, smoke request answered; route switched." }];
  act(() => s.emit(DeploymentWatchDocument, { deploymentUpdated: { id: d.id, status: "LIVE", trafficPercent: 100, message: "" } }));
  expect(await screen.findByText("Loaded, ready, smoke request answered; route switched.")).toBeInTheDocument();
  expect(screen.getAllByText("LIVE").length).toBeGreaterThan(0);
  expect(screen.getByText(/\/v2\/models\/churn-staging\/infer$/)).toBeInTheDocument();
  expect(s.subscribers(DeploymentWatchDocument)).toBe(1); // LIVE is not final: a rollback or retire may follow
});

test("retire shows the server's refusal as it is", async () => {
  const d = deployment({ version: 4, environment: "PRODUCTION", status: "LIVE", viewerCanRetire: true });
  const s = new TestServer()
    .on(DeploymentPageDocument, () => answer(d, []))
    .fail(RetireDeploymentDocument, "This deployment is ROLLING_OUT, so it cannot become RETIRED: wait until the rollout has finished, or roll it back.", "CONFLICT");
  render(s);
  await userEvent.click(await screen.findByRole("button", { name: "Retire production v4" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("CONFLICT: This deployment is ROLLING_OUT, so it cannot become RETIRED");
  expect(screen.getByText("Nothing has happened yet.")).toBeInTheDocument();
});

test("a deployment of another tenant (or none) is NOT_FOUND", async () => {
  const s = new TestServer().fail(DeploymentPageDocument, "No deployment with this id.", "NOT_FOUND");
  render(s);
  expect(await screen.findByRole("alert")).toHaveTextContent("NOT_FOUND: No deployment with this id.");
});

test("a canary's page shows the split with the version it replaces, and the check of each step", async () => {
  const stable = deployment({ version: 1, environment: "PRODUCTION", status: "LIVE", trafficPercent: 50 });
  const canary = deployment({
    version: 2, environment: "PRODUCTION", status: "ROLLING_OUT", strategy: "CANARY", canarySteps: [50, 100], trafficPercent: 50,
    message: "Canary step 1 of 2: 50 % of production traffic.",
  });
  const events: Events = [
    { at: "2026-11-23T10:00:00Z", status: "ROLLING_OUT", trafficPercent: 50, message: "Canary step 1 of 2: 50 % of production traffic." },
  ];
  render(new TestServer().on(DeploymentPageDocument, () => answer(canary, events, stable)));
  expect(await screen.findByRole("img", { name: "Production traffic: v2 (new) 50%, v1 50%" })).toBeInTheDocument();
  expect(screen.getByText("Rolling out")).toBeInTheDocument();
  expect(screen.getByText("Serving")).toBeInTheDocument();
  expect(screen.getByRole("list", { name: "Canary steps" })).toHaveTextContent("50%100%");
});
