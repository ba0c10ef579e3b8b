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
      }}
    />,
  );
  expect(screen.getByText(/Submitted for approval by ds@demo/)).toBeInTheDocument();
  expect(screen.getByText(/by admin@demo/)).toBeInTheDocument();
});
