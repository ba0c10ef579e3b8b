import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { SecurityFindings_VersionFragment } from "../../../gql/graphql";
import { renderWithServer, TestServer } from "../../../test/server";
import { ReportFindingDocument, ResolveFindingDocument, SecurityFindings } from "./SecurityFindings";

const OPEN = {
  id: "F1", severity: "HIGH" as const, title: "Outdated protobuf", detail: "scan 42", status: "OPEN" as const, resolution: null,
  createdAt: "2026-11-23T10:00:00Z", resolvedAt: null, viewerCanResolve: true, reportedBy: { id: "U2", email: "mle@demo" },
};

function version(over: Partial<SecurityFindings_VersionFragment>): SecurityFindings_VersionFragment {
  return { id: "V1", viewerCanReportFinding: true, securityFindings: [], ...over };
}

test("nothing is shown to a viewer when there is no finding", () => {
  renderWithServer(<SecurityFindings version={version({ viewerCanReportFinding: false })} onChanged={() => {}} />, new TestServer());
  expect(screen.queryByRole("region", { name: "Security findings" })).not.toBeInTheDocument();
});

test("an engineer reports a finding; the server's sentence about the title sits at the field", async () => {
  const s = new TestServer().fail(ReportFindingDocument, "A finding's title has 1 to 300 characters.", "BAD_USER_INPUT", "title");
  renderWithServer(<SecurityFindings version={version({})} onChanged={() => {}} />, s);
  await userEvent.click(screen.getByRole("button", { name: "Report a finding" }));
  await userEvent.click(screen.getByRole("button", { name: "Report" }));
  expect(await screen.findByText("A finding's title has 1 to 300 characters.")).toBeInTheDocument();
  expect(screen.getByLabelText(/^Title/)).toHaveAttribute("aria-invalid", "true");
});

test("an admin resolves an open finding, saying how", async () => {
  const changed: number[] = [];
  const s = new TestServer().on(ResolveFindingDocument, () => ({ resolveSecurityFinding: { id: "F1", status: "RESOLVED" as const } }));
  renderWithServer(<SecurityFindings version={version({ securityFindings: [OPEN] })} onChanged={() => changed.push(1)} />, s);
  expect(screen.getByText("OPEN")).toBeInTheDocument();
  await userEvent.type(screen.getByLabelText("How it was resolved"), "Re-exported");
  await userEvent.click(screen.getByRole("button", { name: "Resolve" }));
  await screen.findByRole("button", { name: "Resolve" });
  expect(s.called("ResolveFinding")[0]?.variables).toEqual({ id: "F1", resolution: "Re-exported" });
  expect(changed).toHaveLength(1);
});
