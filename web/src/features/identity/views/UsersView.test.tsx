import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { AddUserDocument, UsersPageDocument, UsersView } from "./UsersView";

const user = (id: string, email: string) => ({ id, email, role: "ADMIN" as const, isActive: true, createdAt: "2026-11-23T10:00:00Z" });

test("lists users and shows a BAD_USER_INPUT next to the field it names", async () => {
  const server = new TestServer()
    .on(UsersPageDocument, () => ({ users: { edges: [{ node: user("U1", "admin@demo") }], pageInfo: { hasNextPage: false, endCursor: null } } }))
    .fail(AddUserDocument, "Use a password of at least 8 characters.", "BAD_USER_INPUT", "password");
  renderWithServer(<UsersView />, server);
  expect(await screen.findByText("admin@demo")).toBeInTheDocument();
  const form = screen.getByRole("form", { name: "Add a user" });
  await userEvent.type(screen.getByLabelText("Email"), "new@demo");
  await userEvent.type(screen.getByLabelText(/Password/), "short");
  await userEvent.click(screen.getByRole("button", { name: "Add user" }));
  expect(await screen.findByText("Use a password of at least 8 characters.")).toBeInTheDocument();
  expect(screen.getByLabelText(/Password/)).toHaveAttribute("aria-invalid", "true");
  expect(form).toBeInTheDocument();
  expect(server.called("AddUser")[0]?.variables).toEqual({ input: { email: "new@demo", role: "VIEWER", password: "short" } });
});

test("a created user appears after the list reloads", async () => {
  let users = [user("U1", "admin@demo")];
  const server = new TestServer()
    .on(UsersPageDocument, () => ({ users: { edges: users.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } } }))
    .on(AddUserDocument, ({ input }) => {
      users = [...users, user("U2", input.email)];
      return { createUser: { id: "U2", email: input.email } };
    });
  renderWithServer(<UsersView />, server);
  await screen.findByText("admin@demo");
  await userEvent.type(screen.getByLabelText("Email"), "new@demo");
  await userEvent.click(screen.getByRole("button", { name: "Add user" }));
  await waitFor(() => expect(screen.getByRole("cell", { name: "new@demo" })).toBeInTheDocument());
});
