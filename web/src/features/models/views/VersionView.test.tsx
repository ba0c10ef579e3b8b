import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ModelVersionStatus } from "../../../gql/graphql";
import { renderWithServer, TestServer } from "../../../test/server";
import { RejectVersionDocument, SubmitVersionDocument } from "../components/DecisionPanel";
import { VersionWatchDocument } from "../components/VersionBadge";
import { VersionPageDocument, VersionView } from "./VersionView";

function version(status: ModelVersionStatus, can: { submit: boolean; approve: boolean }) {
  return {
    modelVersion: {
      id: "V1", version: 3, status, description: "", createdAt: "2026-11-23T10:00:00Z", validatedAt: null,
      model: { id: "M1", name: "churn" },
      report: status === "VALIDATING" ? [] : [{ name: "parse", status: "PASSED" as const, message: "Read an ONNX model with 2 nodes." }],
      approvalRequest: null,
      card: {
        viewerCanSubmit: can.submit, viewerCanApprove: can.approve, inputs: [], outputs: [], opsets: [], producer: null,
        irVersion: null, parameterCount: null, sizeBytes: 10, sha256: "ab", latencyP50Ms: null, latencyP95Ms: null,
        intendedUse: "", trainingData: "", metrics: {}, limitations: "",
      },
    },
  };
}

test("follows validation live and offers submit only when the server says the viewer can", async () => {
  let current = version("VALIDATING", { submit: false, approve: false });
  const s = new TestServer().on(VersionPageDocument, () => current);
  renderWithServer(<VersionView />, s, { route: "/models/versions/V1", path: "/models/versions/:id" });
  expect(await screen.findByText("VALIDATING")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Submit for approval" })).not.toBeInTheDocument();
  await waitFor(() => expect(s.subscribers(VersionWatchDocument)).toBe(1));
  current = version("VALIDATED", { submit: true, approve: false });
  act(() => s.emit(VersionWatchDocument, { modelVersionUpdated: { id: "V1", status: "VALIDATED", validatedAt: "2026-11-23T10:01:00Z" } }));
  expect(await screen.findByRole("button", { name: "Submit for approval" })).toBeInTheDocument();
  expect(screen.getByText("Read an ONNX model with 2 nodes.")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
});

test("an approver sees approve and reject; a reject without comment shows the server's reason at the field", async () => {
  const s = new TestServer()
    .on(VersionPageDocument, () => version("PENDING_APPROVAL", { submit: false, approve: true }))
    .fail(RejectVersionDocument, "Say why the version is rejected: a comment is required.", "BAD_USER_INPUT", "comment")
    .on(SubmitVersionDocument, () => { throw new Error("not offered"); });
  renderWithServer(<VersionView />, s, { route: "/models/versions/V1", path: "/models/versions/:id" });
  await userEvent.click(await screen.findByRole("button", { name: "Reject" }));
  expect(await screen.findByText("Say why the version is rejected: a comment is required.")).toBeInTheDocument();
  expect(screen.getByLabelText(/Comment/)).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByRole("button", { name: "Approve" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Submit for approval" })).not.toBeInTheDocument();
});
