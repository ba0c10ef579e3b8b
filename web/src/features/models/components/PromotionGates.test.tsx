import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { PromotionGates_VersionFragment, PromotionPolicyFieldsFragment } from "../../../gql/graphql";
import { renderWithServer, TestServer } from "../../../test/server";
import { PromotionPolicyDocument, SetPromotionPolicyDocument } from "./PolicyEditor";
import { PromotionGates } from "./PromotionGates";

function version(canEdit: boolean): PromotionGates_VersionFragment {
  return {
    id: "V1", status: "APPROVED", model: { id: "M1", name: "churn" },
    promotionGates: {
      passed: false, evaluatedAt: "2026-11-23T10:05:00Z",
      gates: [
        { gate: "APPROVAL", title: "Approved", passed: true, reason: "Approved by 1 distinct approver(s)." },
        { gate: "STAGING", title: "LIVE in staging for 1 h", passed: false, reason: "LIVE in staging for 2 min; the policy asks 1 h (58 min to go)." },
      ],
      policy: { source: "TENANT", requiredApprovals: 1, approverRoles: ["ADMIN"], viewerCanEdit: canEdit },
    },
  };
}

const POLICY: PromotionPolicyFieldsFragment = {
  modelId: null, source: "TENANT", requiredApprovals: 1, approverRoles: ["ADMIN"], requireValidation: true,
  requiredCardFields: [], minStagingSeconds: 3600, shadowMinWindows: 0, shadowMinAgreement: 0, blockOnOpenFindings: true,
  updatedAt: "2026-11-23T09:00:00Z", viewerCanEdit: true,
};

test("the checklist says which gates pass and why the others do not; no editor without the right", () => {
  renderWithServer(<PromotionGates version={version(false)} onRefresh={() => {}} />, new TestServer());
  expect(screen.getByText("1 of 2 gates to pass")).toBeInTheDocument();
  expect(screen.getByText(/58 min to go/)).toBeInTheDocument();
  expect(screen.getByText(/the tenant's default policy: 1 distinct admin approval\./)).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Edit the promotion policy" })).not.toBeInTheDocument();
});

test("an admin saves the model's own policy; the server's refusal shows at its field", async () => {
  let saves = 0;
  const s = new TestServer()
    .on(PromotionPolicyDocument, () => ({ promotionPolicy: POLICY }))
    .on(SetPromotionPolicyDocument, ({ input }) => {
      saves += 1;
      if (input.requiredApprovals === 0) throw new Error("unexpected");
      return { setPromotionPolicy: { ...POLICY, source: "MODEL" as const, modelId: "M1", requiredApprovals: input.requiredApprovals ?? 1 } };
    });
  const refreshed: number[] = [];
  renderWithServer(<PromotionGates version={version(true)} onRefresh={() => refreshed.push(1)} />, s);
  await userEvent.click(screen.getByRole("button", { name: "Edit the promotion policy" }));
  const field = await screen.findByLabelText("Distinct approvers needed");
  expect(screen.getByText(/This model follows the tenant default/)).toBeInTheDocument();
  expect(screen.getByLabelText("LIVE in staging for at least (minutes)")).toHaveValue(60);
  await userEvent.clear(field);
  await userEvent.type(field, "2");
  await userEvent.click(screen.getByLabelText("Limitations"));
  await userEvent.click(screen.getByRole("button", { name: "Save the policy" }));
  expect(await screen.findByText("Policy saved.")).toBeInTheDocument();
  expect(saves).toBe(1);
  expect(s.called("SetPromotionPolicy")[0]?.variables).toMatchObject({
    modelId: "M1", input: { requiredApprovals: 2, requiredCardFields: ["LIMITATIONS"], minStagingSeconds: 3600 },
  });
  expect(refreshed.length).toBeGreaterThan(0);
});

test("a bad value is refused by the server and the sentence sits at the field", async () => {
  const s = new TestServer()
    .on(PromotionPolicyDocument, () => ({ promotionPolicy: POLICY }))
    .fail(SetPromotionPolicyDocument, "`shadowMinAgreement` is a share between 0 and 1, e.g. 0.95.", "BAD_USER_INPUT", "shadowMinAgreement");
  renderWithServer(<PromotionGates version={version(true)} onRefresh={() => {}} />, s);
  await userEvent.click(screen.getByRole("button", { name: "Edit the promotion policy" }));
  const agreement = await screen.findByLabelText("Shadow agreement with production at least (%)");
  await userEvent.clear(agreement);
  await userEvent.type(agreement, "150");
  await userEvent.click(screen.getByRole("button", { name: "Save the policy" }));
  expect(await screen.findByText(/a share between 0 and 1/)).toBeInTheDocument();
  expect(agreement).toHaveAttribute("aria-invalid", "true");
});
