import { act, screen, waitFor } from "@testing-library/react";
import { renderWithServer, TestServer } from "../../../test/server";
import { FOUR_EYES } from "../components/DecisionPanel";
import { ApprovalQueueChangedDocument, ApprovalQueueDocument, ApprovalsView } from "./ApprovalsView";

const request = (id: string, name: string, submitter = "U1", canApprove = true) => ({
  id, comment: "please", submittedBy: { id: submitter, email: submitter === "U1" ? "mle@demo" : "admin@demo" }, createdAt: "2026-11-23T10:00:00Z",
  version: { id: `V-${id}`, version: 1, description: "", model: { id: "M", name }, card: { latencyP50Ms: 1, viewerCanApprove: canApprove } },
});

test("the queue refreshes when any request changes", async () => {
  let queue = [request("R1", "churn")];
  const s = new TestServer()
    .on(ApprovalQueueDocument, () => ({ me: { id: "U9" }, approvalRequests: { edges: queue.map((node) => ({ node })) } }));
  renderWithServer(<ApprovalsView />, s, { route: "/approvals" });
  expect(await screen.findByRole("link", { name: "churn v1" })).toBeInTheDocument();
  expect(await screen.findByText("mle@demo")).toBeInTheDocument();
  await waitFor(() => expect(s.subscribers(ApprovalQueueChangedDocument)).toBe(1));
  queue = [request("R2", "fraud")];
  act(() => s.emit(ApprovalQueueChangedDocument, { approvalRequestsChanged: { id: "R1", status: "APPROVED" } }));
  expect(await screen.findByRole("link", { name: "fraud v1" })).toBeInTheDocument();
  expect(screen.queryByRole("link", { name: "churn v1" })).not.toBeInTheDocument();
});

test("a non-admin sees the server's refusal", async () => {
  const s = new TestServer().fail(ApprovalQueueDocument, "Only admins decide approvals.", "FORBIDDEN");
  renderWithServer(<ApprovalsView />, s, { route: "/approvals" });
  expect(await screen.findByRole("alert")).toHaveTextContent("FORBIDDEN: Only admins decide approvals.");
});

test("an admin's own submission says the four-eyes rule instead of a Decide link", async () => {
  const s = new TestServer().on(ApprovalQueueDocument, () => ({
    me: { id: "U9" },
    approvalRequests: { edges: [{ node: request("R1", "churn", "U9", false) }, { node: request("R2", "fraud") }] },
  }));
  renderWithServer(<ApprovalsView />, s, { route: "/approvals" });
  expect(await screen.findByRole("note")).toHaveTextContent(FOUR_EYES);
  expect(screen.getByRole("link", { name: "Decide on fraud v1" })).toBeInTheDocument();
  expect(screen.queryByRole("link", { name: "Decide on churn v1" })).not.toBeInTheDocument();
});
