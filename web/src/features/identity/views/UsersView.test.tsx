import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { AddUserDocument, UsersPageDocument, UsersView, UsersViewerDocument } from "./UsersView";

const user = (id: string, email: string) => ({ id, email, role: "ADMIN" as const, isActive: true, createdAt: "2026-11-23T10:00:00Z" });

const ADMIN = { me: { id: "U1", role: "ADMIN" as const, canManageUsers: true } };
const LAST = { hasNextPage: false, endCursor: null };

test("a viewer's deep link says the page needs the admin role, with no form and no list", async () => {
  const server = new TestServer().on(UsersViewerDocument, () => ({ me: { id: "U5", role: "VIEWER" as const, canManageUsers: false } }));
  renderWithServer(<UsersView />, server, { route: "/users" });
  expect(await screen.findByRole("note")).toHaveTextContent("Your role viewer cannot manage users; that needs the role admin; ask an admin.");
  expect(screen.queryByRole("form")).not.toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
  expect(server.called("UsersPage")).toHaveLength(0);
});

test("filters by role and email, sorts by email on the server and pages past fifty", async () => {
  const many = Array.from({ length: 55 }, (_, i) => user(`U${i}`, `u${String(i).padStart(2, "0")}@demo`));
  const server = new TestServer()
    .on(UsersViewerDocument, () => ADMIN)
    .on(UsersPageDocument, (v) => ({
      users: v.after
        ? { edges: many.slice(50).map((node) => ({ node })), pageInfo: LAST }
        : { edges: (v.orderBy === "EMAIL_DESC" ? [...many].reverse() : many).slice(0, 50).map((node) => ({ node })), pageInfo: { hasNextPage: true, endCursor: "c50" } },
    }));
  renderWithServer(<UsersView />, server, { route: "/users" });
  const table = await screen.findByRole("table", { name: "Users, by email A to Z" });
  expect(within(table).getAllByRole("row")).toHaveLength(51);
  await userEvent.click(screen.getByRole("button", { name: "More" }));
  expect(await screen.findByRole("cell", { name: "u54@demo" })).toBeInTheDocument();
  await userEvent.click(within(screen.getByRole("columnheader", { name: /Email/ })).getByRole("button"));
  expect(await screen.findByRole("table", { name: "Users, by email Z to A" })).toBeInTheDocument();
  expect(within(screen.getByRole("table")).getAllByRole("row")[1]).toHaveTextContent("u54@demo");
  const filters = screen.getByRole("search", { name: "Filter users" });
  await userEvent.selectOptions(within(filters).getByLabelText("Role"), "LABELER");
  await userEvent.type(screen.getByLabelText("Email contains"), "lab");
  await userEvent.click(screen.getByRole("button", { name: "Search" }));
  await waitFor(() => expect(server.called("UsersPage").at(-1)?.variables).toEqual({ search: "lab", role: "LABELER", orderBy: "EMAIL_DESC", after: null }));
  expect(screen.getByTestId("location")).toHaveTextContent("/users?q=lab&role=LABELER&sort=EMAIL_DESC");
}, 20000);

test("lists users and shows a BAD_USER_INPUT next to the field it names", async () => {
  const server = new TestServer()
    .on(UsersViewerDocument, () => ADMIN)
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
    .on(UsersViewerDocument, () => ADMIN)
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
