import { act, screen, waitFor } from "@testing-library/react";
import { renderWithServer, TestServer } from "../../../test/server";
import { ApprovalQueueChangedDocument, ApprovalQueueDocument, ApprovalsView } from "./ApprovalsView";

const request = (id: string, name: string) => ({
  id, comment: "please", submittedBy: { id: "U1", email: "mle@demo" }, createdAt: "2026-11-23T10:00:00Z",
  version: { id: `V-${id}`, version: 1, description: "", model: { id: "M", name }, card: { latencyP50Ms: 1 } },
});

test("the queue refreshes when any request changes", async () => {
  let queue = [request("R1", "churn")];
  const s = new TestServer()
    .on(ApprovalQueueDocument, () => ({ approvalRequests: { edges: queue.map((node) => ({ node })) } }));
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
