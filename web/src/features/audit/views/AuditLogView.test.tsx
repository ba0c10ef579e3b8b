import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { AuditActorsDocument, AuditLogView, AuditPageDocument, AuditViewerDocument } from "./AuditLogView";

const entry = (seq: number, action: string) => ({
  seq, action, occurredAt: "2026-11-23T10:00:00+00:00", actorEmail: "admin@demo", targetType: "user",
  targetId: `u${seq}`, details: { role: "VIEWER" }, requestId: "r1",
});

function server() {
  return new TestServer()
    .on(AuditViewerDocument, () => ({ me: { id: "U1", role: "ADMIN" as const, canReadAuditLog: true } }))
    .on(AuditActorsDocument, () => ({ users: { edges: [{ node: { id: "U1", email: "admin@demo" } }], pageInfo: { hasNextPage: false, endCursor: null } } }))
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
  expect(await screen.findByRole("cell", { name: "ping.requested" })).toBeInTheDocument();
  expect(screen.getByRole("option", { name: "webhook.deleted" })).toBeInTheDocument(); // actions to pick, not to guess
  await userEvent.selectOptions(screen.getByLabelText("Action"), "user.created");
  await userEvent.selectOptions(await screen.findByLabelText("Actor"), "U1");
  await userEvent.click(screen.getByRole("button", { name: "Filter" }));
  await waitFor(() => expect(screen.queryByRole("cell", { name: "ping.requested" })).not.toBeInTheDocument());
  expect(s.called("AuditPage").at(-1)?.variables).toMatchObject({ action: "user.created", actorId: "U1", targetId: null });
  expect(screen.getByTestId("location")).toHaveTextContent("/audit?action=user.created&actor=U1");
});

test("shows the server's message and code when the viewer may not read the log", async () => {
  const s = server().fail(AuditPageDocument, "Only admins may read the audit log.", "FORBIDDEN");
  renderWithServer(<AuditLogView />, s, { route: "/audit" });
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("FORBIDDEN: Only admins may read the audit log.");
  expect(screen.queryByRole("button", { name: "Try again" })).not.toBeInTheDocument(); // the same answer would come back
});

test("a viewer's deep link says their role cannot read the log, with no filters and no retry", async () => {
  const s = server().on(AuditViewerDocument, () => ({ me: { id: "U2", role: "VIEWER" as const, canReadAuditLog: false } }));
  renderWithServer(<AuditLogView />, s, { route: "/audit" });
  expect(await screen.findByRole("note")).toHaveTextContent("Your role viewer cannot read the audit log; that needs the role admin; ask an admin.");
  expect(screen.queryByRole("button")).not.toBeInTheDocument();
  expect(s.called("AuditPage")).toHaveLength(0);
});

test("the Actor filter pages through every user, 100 at a time, and says so when a page fails", async () => {
  const users = Array.from({ length: 150 }, (_, i) => ({ id: `U${i}`, email: `u${i}@demo` }));
  const s = server().on(AuditActorsDocument, ({ after }) => {
    const start = after ? Number(after) : 0;
    const page = users.slice(start, start + 100);
    const more = start + 100 < users.length;
    return { users: { edges: page.map((node) => ({ node })), pageInfo: { hasNextPage: more, endCursor: more ? String(start + 100) : null } } };
  });
  renderWithServer(<AuditLogView />, s, { route: "/audit" });
  expect(await screen.findByRole("option", { name: "u149@demo" })).toBeInTheDocument();
  expect(s.called("AuditActors").map((c) => c.variables.after)).toEqual([null, "100"]);

  const failing = server().fail(AuditActorsDocument, "Ask for at most 100 users.", "BAD_USER_INPUT");
  renderWithServer(<AuditLogView />, failing, { route: "/audit" });
  expect(await screen.findByText("The Actor filter could not list every user:")).toBeInTheDocument();
  expect(screen.getByRole("alert")).toHaveTextContent("BAD_USER_INPUT: Ask for at most 100 users.");
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
