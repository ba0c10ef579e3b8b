import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { AuditActorsDocument, AuditLogView, AuditPageDocument } from "./AuditLogView";

const entry = (seq: number, action: string) => ({
  seq, action, occurredAt: "2026-11-23T10:00:00+00:00", actorEmail: "admin@demo", targetType: "user",
  targetId: `u${seq}`, details: { role: "VIEWER" }, requestId: "r1",
});

function server() {
  return new TestServer()
    .on(AuditActorsDocument, () => ({ users: { edges: [{ node: { id: "U1", email: "admin@demo" } }] } }))
    .on(AuditPageDocument, (v) => ({
      auditLog: {
        edges: (v.action ? [entry(2, v.action)] : [entry(2, "user.created"), entry(1, "ping.requested")]).map((node) => ({ node })),
        pageInfo: { hasNextPage: false, endCursor: null },
      },
    }));
}

test("lists entries and filters by action and actor, keeping the filters in the URL", async () => {
  const s = server();
  renderWithServer(<AuditLogView />, s, { route: "/audit" });
  expect(await screen.findByText("ping.requested")).toBeInTheDocument();
  await userEvent.type(screen.getByLabelText("Action"), "user.created");
  await userEvent.selectOptions(await screen.findByLabelText("Actor"), "U1");
  await userEvent.click(screen.getByRole("button", { name: "Filter" }));
  await waitFor(() => expect(screen.queryByText("ping.requested")).not.toBeInTheDocument());
  expect(s.called("AuditPage").at(-1)?.variables).toMatchObject({ action: "user.created", actorId: "U1", targetId: null });
  expect(screen.getByTestId("location")).toHaveTextContent("/audit?action=user.created&actor=U1");
});

test("shows the server's message and code when the viewer may not read the log", async () => {
  const s = server().fail(AuditPageDocument, "Only admins may read the audit log.", "FORBIDDEN");
  renderWithServer(<AuditLogView />, s, { route: "/audit" });
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("FORBIDDEN: Only admins may read the audit log.");
});

test("says so when nothing matches", async () => {
  const s = server().on(AuditPageDocument, () => ({ auditLog: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }));
  renderWithServer(<AuditLogView />, s, { route: "/audit?action=nothing" });
  expect(await screen.findByText("No entries match these filters.")).toBeInTheDocument();
  expect(s.called("AuditPage")[0]?.variables).toMatchObject({ action: "nothing" });
});

test("an expired token sends the user to sign in with their place kept", async () => {
  const s = server().fail(AuditPageDocument, "The token has expired.", "UNAUTHENTICATED");
  renderWithServer(<AuditLogView />, s, { route: "/audit?action=x" });
  await waitFor(() =>
    expect(screen.getByTestId("location")).toHaveTextContent(`/signin?next=${encodeURIComponent("/audit?action=x")}&expired=1`),
  );
});
