import { render, screen } from "@testing-library/react";
import { ApprovalTimeline } from "./ApprovalTimeline";

test("names who submitted and who decided, from the request itself", () => {
  render(
    <ApprovalTimeline
      version={{
        createdAt: "2026-11-23T10:00:00Z", validatedAt: "2026-11-23T10:01:00Z", status: "APPROVED",
        approvalRequest: {
          id: "R1", status: "APPROVED", comment: "ready", createdAt: "2026-11-23T10:02:00Z",
          decisionComment: "fine", decidedAt: "2026-11-23T10:03:00Z",
          submittedBy: { id: "U1", email: "ds@demo" }, decidedBy: { id: "U2", email: "admin@demo" },
        },
        approvalHistory: [{
          id: "R1", status: "APPROVED", comment: "ready", createdAt: "2026-11-23T10:02:00Z", withdrawnAt: null, cardRevision: 2,
          decisionComment: "fine", decidedAt: "2026-11-23T10:03:00Z",
          submittedBy: { id: "U1", email: "ds@demo" }, decidedBy: { id: "U2", email: "admin@demo" },
        }],
        cardHistory: [],
      }}
    />,
  );
  expect(screen.getByText(/Submitted for approval by ds@demo/)).toBeInTheDocument();
  expect(screen.getByText(/by admin@demo/)).toBeInTheDocument();
});

test("shows card edits, the withdrawal they caused and the resubmission, in time order", () => {
  const submitted = { submittedBy: { id: "U1", email: "ds@demo" }, decidedBy: null, decisionComment: null, decidedAt: null };
  render(
    <ApprovalTimeline
      version={{
        createdAt: "2026-11-23T10:00:00Z", validatedAt: "2026-11-23T10:01:00Z", status: "PENDING_APPROVAL",
        approvalRequest: null,
        approvalHistory: [
          { id: "R1", status: "WITHDRAWN", comment: "", createdAt: "2026-11-23T10:02:00Z", withdrawnAt: "2026-11-23T10:04:00Z", cardRevision: 2, ...submitted },
          { id: "R2", status: "PENDING", comment: "again", createdAt: "2026-11-23T10:05:00Z", withdrawnAt: null, cardRevision: 3, ...submitted },
        ],
        cardHistory: [
          { revision: 2, at: "2026-11-23T10:01:30Z", byEmail: "ds@demo", correction: false, withdrewApproval: false, reason: null, changes: [{ field: "intendedUse" }] },
          { revision: 3, at: "2026-11-23T10:04:00Z", byEmail: "ds@demo", correction: false, withdrewApproval: true, reason: null, changes: [{ field: "metrics.auc" }] },
        ],
      }}
    />,
  );
  const items = screen.getAllByRole("listitem").map((li) => li.textContent ?? "");
  expect(items.findIndex((t) => t.includes("revision 2"))).toBeLessThan(items.findIndex((t) => t.includes("Request withdrawn")));
  expect(items.some((t) => t.includes("Card edited") && t.includes("revision 3") && t.includes("metrics"))).toBe(true);
  expect(items.filter((t) => t.startsWith("Submitted for approval"))).toHaveLength(2);
});
