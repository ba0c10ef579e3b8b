import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ModelVersionStatus } from "../../../gql/graphql";
import { renderWithServer, TestServer } from "../../../test/server";
import { UpdateCardDocument } from "../components/CardEditor";
import { FOUR_EYES, RejectVersionDocument, SubmitVersionDocument } from "../components/DecisionPanel";
import { VersionWatchDocument } from "../components/VersionBadge";
import { ActiveEnvironmentsDocument } from "../../deployments/components/EnvironmentPanel";
import { activeModels } from "../../deployments/views/fixtures";
import { navigation } from "../../../components/FreshDownload";
import { withLineage } from "../components/lineageFixtures";
import { VersionDownloadDocument, VersionPageDocument, VersionView } from "./VersionView";

function gatesOf(status: ModelVersionStatus) {
  return {
    passed: false, evaluatedAt: "2026-11-23T10:05:00Z",
    gates: [
      { gate: "APPROVAL" as const, title: "Approved", passed: status === "APPROVED", reason: `Version 3 is ${status}.` },
      { gate: "STAGING" as const, title: "LIVE in staging", passed: false, reason: "Version 3 has no LIVE staging deployment." },
    ],
    policy: { source: "BUILT_IN" as const, requiredApprovals: 1, approverRoles: ["ADMIN" as const], viewerCanEdit: true },
  };
}

function pendingRequest(submitter: string) {
  return {
    id: "R1", status: "PENDING" as const, comment: "please", createdAt: "2026-11-23T10:00:00Z", decisionComment: null, decidedAt: null,
    submittedBy: { id: submitter, email: "admin@demo" }, decidedBy: null,
    cardRevision: 2, cardSha256: "c".repeat(64), reportSha256: "r".repeat(64), fileSha256: "f".repeat(64),
    requiredApprovals: 1, approverRoles: ["ADMIN"], approvals: 0, withdrawnAt: null, decisions: [],
    changesSinceLastDecision: [{ field: "intendedUse", before: null, after: "triage" }], withdrawalChanges: [],
  };
}

function version(status: ModelVersionStatus, can: { submit: boolean; approve: boolean }) {
  return {
    me: { id: "U9", role: "ADMIN" as const, canDecideApprovals: true },
    modelVersion: {
      id: "V1", version: 3, status, description: "", createdAt: "2026-11-23T10:00:00Z", validatedAt: null,
      model: { id: "M1", name: "churn" },
      stage: "NONE" as const, viewerCanDeployStaging: false, viewerCanDeployProduction: false, viewerCanSetStage: false, deployments: [],
      report: status === "VALIDATING" ? [] : [{ name: "parse", status: "PASSED" as const, message: "Read an ONNX model with 2 nodes." }],
      approvalRequest: null as null | ReturnType<typeof pendingRequest>,
      approvalHistory: [],
      cardHistory: [],
      promotionGates: gatesOf(status),
      viewerCanReportFinding: false,
      securityFindings: [],
      card: {
        viewerCanSubmit: can.submit, viewerCanApprove: can.approve, viewerCanEdit: can.submit, viewerCanRevise: false, editable: true,
        inputs: [], outputs: [], opsets: [], producer: null,
        irVersion: null, parameterCount: null, sizeBytes: 10, sha256: "ab", latencyP50Ms: null, latencyP95Ms: null,
        intendedUse: "", trainingData: "", metrics: {}, limitations: "", revision: 1,
      },
    },
  };
}

test("follows validation live and offers submit only when the server says the viewer can", async () => {
  let current = version("VALIDATING", { submit: false, approve: false });
  const s = new TestServer().on(ActiveEnvironmentsDocument, () => activeModels()).on(VersionPageDocument, () => current);
  renderWithServer(<VersionView />, withLineage(s), { route: "/models/versions/V1", path: "/models/versions/:id" });
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
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(VersionPageDocument, () => version("PENDING_APPROVAL", { submit: false, approve: true }))
    .fail(RejectVersionDocument, "Say why the version is rejected: a comment is required.", "BAD_USER_INPUT", "comment")
    .on(SubmitVersionDocument, () => { throw new Error("not offered"); });
  renderWithServer(<VersionView />, withLineage(s), { route: "/models/versions/V1", path: "/models/versions/:id" });
  await userEvent.click(await screen.findByRole("button", { name: "Reject" }));
  expect(await screen.findByText("Say why the version is rejected: a comment is required.")).toBeInTheDocument();
  expect(screen.getByLabelText(/Comment/)).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByRole("button", { name: "Approve" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Submit for approval" })).not.toBeInTheDocument();
});

test("the uploader edits the card; a bad metrics value is caught before it is sent", async () => {
  let card = version("VALIDATED", { submit: true, approve: false });
  const s = new TestServer()
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(VersionPageDocument, () => card)
    .on(UpdateCardDocument, ({ input }) => {
      card = { ...card, modelVersion: { ...card.modelVersion, card: { ...card.modelVersion.card, intendedUse: String(input.intendedUse) } } };
      return { updateModelCard: { id: "V1" } };
    });
  renderWithServer(<VersionView />, withLineage(s), { route: "/models/versions/V1", path: "/models/versions/:id" });
  await userEvent.click(await screen.findByRole("button", { name: "Edit the model card" }));
  await userEvent.type(screen.getByLabelText("Intended use"), "Churn scores for the retention team");
  await userEvent.clear(screen.getByLabelText(/Metrics/));
  await userEvent.type(screen.getByLabelText(/Metrics/), "auc: 0.9");
  await userEvent.click(screen.getByRole("button", { name: "Save the card" }));
  expect(await screen.findByText(/Metrics must be JSON/)).toBeInTheDocument();
  expect(s.called("UpdateCard")).toHaveLength(0);
  await userEvent.clear(screen.getByLabelText(/Metrics/));
  await userEvent.type(screen.getByLabelText(/Metrics/), '{{"auc": 0.9}');
  await userEvent.click(screen.getByRole("button", { name: "Save the card" }));
  expect(await screen.findByText("Churn scores for the retention team")).toBeInTheDocument();
  expect(s.called("UpdateCard")[0]?.variables).toMatchObject({ id: "V1", input: { metrics: { auc: 0.9 } } });
});

test("the admin who submitted a version is told the four-eyes rule where the decision would be", async () => {
  const mine = version("PENDING_APPROVAL", { submit: false, approve: false });
  mine.me.id = "U1";
  const request = pendingRequest("U1");
  const s = new TestServer()
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(VersionPageDocument, () => ({ ...mine, modelVersion: { ...mine.modelVersion, approvalRequest: request } }));
  renderWithServer(<VersionView />, withLineage(s), { route: "/models/versions/V1", path: "/models/versions/:id" });
  expect(await screen.findByText(FOUR_EYES)).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Decide" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
});

test("Download model asks for a fresh link on each click, then goes there", async () => {
  let n = 0;
  const s = new TestServer()
    .on(ActiveEnvironmentsDocument, () => activeModels())
    .on(VersionPageDocument, () => version("VALIDATED", { submit: false, approve: false }))
    .on(VersionDownloadDocument, () => ({ modelVersion: { id: "V1", downloadUrl: `https://s3/churn-v3.onnx?sig=${++n}` } }));
  const assign = vi.spyOn(navigation, "assign").mockImplementation(() => {});
  renderWithServer(<VersionView />, withLineage(s), { route: "/models/versions/V1", path: "/models/versions/:id" });
  const button = await screen.findByRole("button", { name: "Download churn v3 (.onnx)" });
  expect(s.called("VersionDownload")).toHaveLength(0); // nothing signed while the page sits open
  await userEvent.click(button);
  await waitFor(() => expect(assign).toHaveBeenLastCalledWith("https://s3/churn-v3.onnx?sig=1"));
  await userEvent.click(button);
  await waitFor(() => expect(assign).toHaveBeenLastCalledWith("https://s3/churn-v3.onnx?sig=2"));
  assign.mockRestore();
});
