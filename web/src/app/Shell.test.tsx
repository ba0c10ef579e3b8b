import { screen } from "@testing-library/react";
import { renderWithServer, TestServer } from "../test/server";
import { Shell, ShellDocument } from "./Shell";

type Flags = { canManageUsers: boolean; canReadAuditLog: boolean; canDecideApprovals: boolean; canExportHistory: boolean;
  canReadHistory?: boolean; canReadModels?: boolean; canManageWebhooks?: boolean };
const viewer = (flags: Flags, role: "DATA_SCIENTIST" | "LABELER" = "DATA_SCIENTIST") => ({
  me: { id: "U1", email: "someone@demo", role, tenant: { name: "Demo" }, canReadHistory: true, canReadModels: true,
    canManageWebhooks: false, ...flags },
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

test("a labeler, who may read neither models nor history, is not offered Models or Assets", async () => {
  const none = { canManageUsers: false, canReadAuditLog: false, canDecideApprovals: false, canExportHistory: false };
  const s = new TestServer().on(ShellDocument, () => viewer({ ...none, canReadHistory: false, canReadModels: false }, "LABELER"));
  renderWithServer(<Shell />, s, { route: "/" });
  expect(await screen.findByRole("link", { name: "Labeling" })).toBeInTheDocument();
  for (const name of ["Models", "Assets"]) expect(screen.queryByRole("link", { name })).not.toBeInTheDocument();
});

test("the Webhooks link is shown only when the server says the viewer may manage webhooks", async () => {
  const none = { canManageUsers: false, canReadAuditLog: false, canDecideApprovals: false, canExportHistory: false };
  const s = new TestServer().on(ShellDocument, () => viewer(none));
  const { unmount } = renderWithServer(<Shell />, s, { route: "/" });
  expect(await screen.findByRole("link", { name: "Models" })).toBeInTheDocument();
  expect(screen.queryByRole("link", { name: "Webhooks" })).not.toBeInTheDocument();
  unmount();
  const admin = new TestServer().on(ShellDocument, () => viewer({ ...none, canManageWebhooks: true }));
  renderWithServer(<Shell />, admin, { route: "/" });
  expect(await screen.findByRole("link", { name: "Webhooks" })).toHaveAttribute("href", "/webhooks");
});
