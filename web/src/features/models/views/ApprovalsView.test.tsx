import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { FOUR_EYES } from "../components/DecisionPanel";
import { ApprovalQueueChangedDocument, ApprovalQueueDocument, ApprovalsView } from "./ApprovalsView";

const request = (id: string, name: string, submitter = "U1", canApprove = true) => ({
  id, comment: "please", submittedBy: { id: submitter, email: submitter === "U1" ? "mle@demo" : "admin@demo" }, createdAt: "2026-11-23T10:00:00Z",
  version: { id: `V-${id}`, version: 1, description: "", model: { id: "M", name }, card: { latencyP50Ms: 1, viewerCanApprove: canApprove } },
});

const LAST = { hasNextPage: false, endCursor: null };

test("the queue pages past its first page and sorts by submission time on the server", async () => {
  const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ node: request(`R${from + i}`, `m${from + i}`) }));
  const s = new TestServer().on(ApprovalQueueDocument, (v) => ({
    me: { id: "U9" },
    approvalRequests: v.after
      ? { edges: page(25, 5), pageInfo: LAST }
      : { edges: v.orderBy === "NEWEST_FIRST" ? page(100, 2) : page(0, 25), pageInfo: { hasNextPage: v.orderBy === "OLDEST_FIRST", endCursor: "c25" } },
  }));
  renderWithServer(<ApprovalsView />, s, { route: "/approvals" });
  expect(await screen.findByRole("link", { name: "m0 v1" })).toBeInTheDocument();
  expect(screen.getByRole("table", { name: /oldest first/ })).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "More" }));
  expect(await screen.findByRole("link", { name: "m29 v1" })).toBeInTheDocument();
  expect(screen.getAllByRole("link", { name: /^Decide on/ })).toHaveLength(30);
  expect(s.called("ApprovalQueue").at(-1)?.variables).toMatchObject({ after: "c25", orderBy: "OLDEST_FIRST" });
  const when = screen.getByRole("columnheader", { name: /When/ });
  expect(when).toHaveAttribute("aria-sort", "ascending");
  await userEvent.click(within(when).getByRole("button"));
  expect(await screen.findByRole("link", { name: "m100 v1" })).toBeInTheDocument();
  expect(screen.getByTestId("location")).toHaveTextContent("/approvals?sort=NEWEST_FIRST");
  expect(screen.getByRole("columnheader", { name: /When/ })).toHaveAttribute("aria-sort", "descending");
  expect(screen.queryByRole("link", { name: "m0 v1" })).not.toBeInTheDocument();
}, 20000);

test("the queue refreshes when any request changes", async () => {
  let queue = [request("R1", "churn")];
  const s = new TestServer()
    .on(ApprovalQueueDocument, () => ({ me: { id: "U9" }, approvalRequests: { edges: queue.map((node) => ({ node })), pageInfo: LAST } }));
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
    approvalRequests: { edges: [{ node: request("R1", "churn", "U9", false) }, { node: request("R2", "fraud") }], pageInfo: LAST },
  }));
  renderWithServer(<ApprovalsView />, s, { route: "/approvals" });
  expect(await screen.findByRole("note")).toHaveTextContent(FOUR_EYES);
  expect(screen.getByRole("link", { name: "Decide on fraud v1" })).toBeInTheDocument();
  expect(screen.queryByRole("link", { name: "Decide on churn v1" })).not.toBeInTheDocument();
});
