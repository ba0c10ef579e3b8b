import { screen } from "@testing-library/react";
import { renderWithServer, TestServer } from "../test/server";
import { Shell, ShellDocument } from "./Shell";

const viewer = (flags: { canManageUsers: boolean; canReadAuditLog: boolean; canDecideApprovals: boolean; canExportHistory: boolean }) => ({
  me: { id: "U1", email: "someone@demo", role: "DATA_SCIENTIST" as const, tenant: { name: "Demo" }, ...flags },
});

test("the nav shows Approvals, Users, Audit log and My exports only when the server says the viewer may use them", async () => {
  const s = new TestServer().on(ShellDocument, () => viewer({ canManageUsers: false, canReadAuditLog: false, canDecideApprovals: false, canExportHistory: false }));
  renderWithServer(<Shell />, s, { route: "/" });
  expect(await screen.findByRole("link", { name: "Models" })).toBeInTheDocument();
  for (const name of ["Approvals", "Users", "Audit log", "My exports"]) expect(screen.queryByRole("link", { name })).not.toBeInTheDocument();
});

test("an approver sees the Approvals link", async () => {
  const s = new TestServer().on(ShellDocument, () => viewer({ canManageUsers: true, canReadAuditLog: true, canDecideApprovals: true, canExportHistory: true }));
  renderWithServer(<Shell />, s, { route: "/" });
  expect(await screen.findByRole("link", { name: "Approvals" })).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "My exports" })).toBeInTheDocument();
});
