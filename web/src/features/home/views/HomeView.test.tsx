import { screen, within } from "@testing-library/react";
import type { Role } from "../../../gql/graphql";
import { formatTime } from "../../../lib/format";
import { renderWithServer, TestServer } from "../../../test/server";
import { OverviewApprovalsDocument } from "../components/PendingApprovals";
import { OverviewCasesDocument } from "../components/MyCases";
import { OverviewDeploymentsDocument } from "../components/LiveDeployments";
import { OverviewExportsDocument } from "../components/RecentExports";
import { OverviewMyModelsDocument } from "../components/MyModels";
import { HomeView, OverviewDocument } from "./HomeView";

const NO = {
  canManageUsers: false, canReadAuditLog: false, canDecideApprovals: false, canUploadModels: false, canDeploy: false,
  canExportHistory: false, canLabel: false, canReadModels: true, canReadHistory: true,
};

function me(role: Role, can: Partial<typeof NO> = {}) {
  return { me: { id: "ME", email: `${role.toLowerCase()}@demo`, role, tenant: { name: "Demo", slug: "demo" }, ...NO, ...can } };
}

const empty = { edges: [], pageInfo: { hasNextPage: false } };
const recent = new Date(Date.now() - 3600 * 1000).toISOString();

function request(id: string, submitter: string, mayDecide: boolean, n: number) {
  return {
    node: {
      id, createdAt: recent, submittedBy: { id: submitter, email: `${submitter.toLowerCase()}@demo` },
      version: { id: `V${n}`, version: n, model: { id: "M1", name: "churn" }, card: { viewerCanApprove: mayDecide } },
    },
  };
}

function deployment(id: string, status: "LIVE" | "ROLLING_OUT" | "FAILED" | "ROLLED_BACK", environment: "PRODUCTION" | "STAGING", version: number, share: number, message = "") {
  return { node: { id, environment, status, trafficPercent: share, message, updatedAt: recent, model: { id: "M1", name: "churn" }, version: { id: `V${version}`, version } } };
}

const show = (s: TestServer) => renderWithServer(<HomeView />, s);

test("an admin's queue lists what they may decide, and their own submissions apart with the four-eyes reason", async () => {
  const s = new TestServer()
    .on(OverviewDocument, () => me("ADMIN", { canDecideApprovals: true }))
    .on(OverviewApprovalsDocument, () => ({
      approvalRequests: { edges: [request("A1", "OTHER", true, 2), request("A2", "ME", false, 3)], pageInfo: { hasNextPage: false } },
    }));
  show(s);
  const block = await screen.findByRole("region", { name: "Waiting for your decision" });
  expect(await within(block).findByRole("link", { name: "Decide on churn v2" })).toHaveAttribute("href", "/models/versions/V2");
  expect(within(block).queryByRole("link", { name: "Decide on churn v3" })).not.toBeInTheDocument();
  expect(within(block).getByRole("note")).toHaveTextContent("another admin must decide on it (four-eyes rule)");
  expect(within(block).getByRole("link", { name: "churn v3" })).toBeInTheDocument();
  expect(within(block).getByRole("link", { name: "Approvals queue" })).toHaveAttribute("href", "/approvals");
  // Blocks for what an admin here may not do are not asked for at all.
  expect(s.called("OverviewMyModels")).toHaveLength(0);
  expect(screen.queryByRole("region", { name: "My models" })).not.toBeInTheDocument();
});

test("an ML engineer sees their models with the next step, and live deployments with share and health", async () => {
  const s = new TestServer()
    .on(OverviewDocument, () => me("ML_ENGINEER", { canUploadModels: true, canDeploy: true, canLabel: true, canExportHistory: true }))
    .on(OverviewMyModelsDocument, () => ({
      models: {
        edges: [{ node: { id: "M1", name: "churn", versions: [
          { id: "V2", version: 2, status: "VALIDATED" as const, stage: "NONE" as const },
          { id: "V1", version: 1, status: "APPROVED" as const, stage: "PRODUCTION" as const },
        ] } }],
        pageInfo: { hasNextPage: false },
      },
    }))
    .on(OverviewDeploymentsDocument, () => ({
      live: { edges: [deployment("D1", "LIVE", "PRODUCTION", 1, 50, "v1 serves"), deployment("D3", "LIVE", "STAGING", 2, 100, "Live.")], pageInfo: { hasNextPage: false } },
      rolling: { edges: [deployment("D2", "ROLLING_OUT", "PRODUCTION", 2, 50, "Canary step 1 of 2")] },
      failed: { edges: [] },
      rolledBack: { edges: [] },
    }))
    .on(OverviewCasesDocument, () => ({ open: empty, review: { edges: [] } }))
    .on(OverviewExportsDocument, () => ({ myExports: { edges: [] } }));
  show(s);
  const models = await screen.findByRole("region", { name: "My models" });
  expect(await within(models).findByText(/submit it for approval/)).toBeInTheDocument();
  expect(within(models).getByText("PRODUCTION")).toBeInTheDocument();
  const live = screen.getByRole("region", { name: "Live deployments" });
  const rows = await within(live).findAllByRole("row");
  // Rollouts first, then the rest by endpoint name; each with its share.
  expect(rows.slice(1).map((r) => within(r).getAllByRole("cell").slice(0, 4).map((c) => c.textContent))).toEqual([
    ["churn-production", "v2", "50%", "Rolling outCanary step 1 of 2"],
    ["churn-production", "v1", "50%", "Canaryv2 takes 50% while it rolls out"],
    ["churn-staging", "v2", "100%", `Healthyserving since ${formatTime(recent)}`],
  ]);
  // Empty blocks say what to do, with a link to do it.
  const cases = screen.getByRole("region", { name: "Cases assigned to me" });
  expect(await within(cases).findByText(/No cases are assigned to you/)).toBeInTheDocument();
  const exports = screen.getByRole("region", { name: "Recent exports" });
  expect(await within(exports).findByRole("link", { name: "Assets" })).toHaveAttribute("href", "/assets");
  expect(screen.queryByRole("region", { name: "Waiting for your decision" })).not.toBeInTheDocument();
  expect(s.called("OverviewCases")[0]!.variables).toEqual({ me: "ME" });
});

test("a route that failed in the last day is flagged on the deployment still serving it", async () => {
  const s = new TestServer()
    .on(OverviewDocument, () => me("ADMIN", { canDeploy: true }))
    .on(OverviewDeploymentsDocument, () => ({
      live: { edges: [deployment("D1", "LIVE", "PRODUCTION", 1, 100)], pageInfo: { hasNextPage: false } },
      rolling: { edges: [] },
      failed: { edges: [] },
      rolledBack: { edges: [deployment("D2", "ROLLED_BACK", "PRODUCTION", 2, 0, "error rate 0.300 is above the limit")] },
    }));
  show(s);
  const live = await screen.findByRole("region", { name: "Live deployments" });
  expect(await within(live).findByText("Check")).toHaveClass("bad");
  expect(within(live).getByText(/v2 rolled back 1 h ago: error rate 0.300 is above the limit/)).toBeInTheDocument();
});

test("a labeler sees only the cases assigned to them", async () => {
  const s = new TestServer()
    .on(OverviewDocument, () => me("LABELER", { canLabel: true, canReadModels: false, canReadHistory: false }))
    .on(OverviewCasesDocument, () => ({
      open: { edges: [{ node: { id: "C1", title: "Phantom A", status: "OPEN" as const, updatedAt: recent } }], pageInfo: { hasNextPage: false } },
      review: { edges: [{ node: { id: "C2", title: "Phantom B", status: "IN_REVIEW" as const, updatedAt: recent } }] },
    }));
  show(s);
  const cases = await screen.findByRole("region", { name: "Cases assigned to me" });
  expect(await within(cases).findByRole("link", { name: "Phantom A" })).toHaveAttribute("href", "/labeling/cases/C1");
  expect(within(cases).getByText("IN REVIEW")).toBeInTheDocument();
  expect(screen.getAllByRole("region")).toHaveLength(1);
});

test("a viewer is told nothing waits on their role, and where to read", async () => {
  show(new TestServer().on(OverviewDocument, () => me("VIEWER")));
  expect(await screen.findByRole("note")).toHaveTextContent("Nothing here waits on your role (viewer): it reads. Browse Models or Assets.");
  expect(screen.queryByRole("region")).not.toBeInTheDocument();
});

test("one block's error stays in that block", async () => {
  const s = new TestServer()
    .on(OverviewDocument, () => me("DATA_SCIENTIST", { canUploadModels: true, canExportHistory: true }))
    .fail(OverviewMyModelsDocument, "The database did not answer in time; try again.", "UNAVAILABLE")
    .on(OverviewExportsDocument, () => ({ myExports: { edges: [] } }));
  show(s);
  const models = await screen.findByRole("region", { name: "My models" });
  expect(await within(models).findByRole("alert")).toHaveTextContent("UNAVAILABLE");
  expect(within(models).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  const exports = screen.getByRole("region", { name: "Recent exports" });
  expect(await within(exports).findByText(/No exports yet/)).toBeInTheDocument();
});
