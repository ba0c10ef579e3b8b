import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { AccessTokensDocument, AccessTokensView, CreateAccessTokenDocument, RevokeAccessTokenDocument } from "./AccessTokensView";

function token(id: string, name: string, extra: Partial<{ lastUsedAt: string | null; revokedAt: string | null; isActive: boolean }> = {}) {
  return {
    id, name, prefix: "slw_pat_ab12", createdAt: "2026-12-01T10:00:00Z", expiresAt: "2027-01-01T10:00:00Z",
    lastUsedAt: null, revokedAt: null, isActive: true, ...extra,
  };
}

test("lists tokens with when each was last used, and which are revoked", async () => {
  const tokens = [token("P1", "churn notebook", { lastUsedAt: "2026-12-06T09:00:00Z" }),
    token("P2", "old script", { revokedAt: "2026-12-02T10:00:00Z", isActive: false })];
  renderWithServer(<AccessTokensView />, new TestServer().on(AccessTokensDocument, () => ({ personalAccessTokens: tokens })));
  const row = (await screen.findByText("churn notebook")).closest("tr")!;
  expect(within(row).getByText("active")).toBeInTheDocument();
  expect(within(row).getByRole("button", { name: "Revoke churn notebook" })).toBeInTheDocument();
  const old = screen.getByText("old script").closest("tr")!;
  expect(old).toHaveTextContent("revoked");
  expect(old).toHaveTextContent("never");
  expect(within(old).queryByRole("button")).not.toBeInTheDocument();
});

test("a created token's secret is shown once, then gone", async () => {
  let tokens: ReturnType<typeof token>[] = [];
  const s = new TestServer()
    .on(AccessTokensDocument, () => ({ personalAccessTokens: tokens }))
    .on(CreateAccessTokenDocument, ({ name, expiresInDays }) => {
      tokens = [token("P1", name)];
      expect(expiresInDays).toBe(90);
      return { createPersonalAccessToken: { secret: "slw_pat_secret123", token: { id: "P1", name } } };
    });
  renderWithServer(<AccessTokensView />, s);
  await screen.findByText("No access tokens yet.");
  const form = screen.getByRole("form", { name: "Create an access token" });
  await userEvent.type(within(form).getByLabelText("Name"), "churn notebook");
  await userEvent.selectOptions(within(form).getByLabelText("Expires in"), "90");
  await userEvent.click(within(form).getByRole("button", { name: "Create token" }));
  expect(await screen.findByTestId("access-token-secret")).toHaveTextContent("slw_pat_secret123");
  expect(await screen.findByText("churn notebook", { selector: "td" })).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "I have stored it" }));
  expect(screen.queryByText("slw_pat_secret123")).not.toBeInTheDocument();
  expect(screen.getByRole("form", { name: "Create an access token" })).toBeInTheDocument();
});

test("the server's refusal is shown beside the field it names", async () => {
  const s = new TestServer()
    .on(AccessTokensDocument, () => ({ personalAccessTokens: [] }))
    .fail(CreateAccessTokenDocument, "Name the token (1 to 100 characters).", "BAD_USER_INPUT", "name");
  renderWithServer(<AccessTokensView />, s);
  await userEvent.type(await screen.findByLabelText("Name"), "x");
  await userEvent.click(screen.getByRole("button", { name: "Create token" }));
  expect(await screen.findByText("Name the token (1 to 100 characters).")).toBeInTheDocument();
});

test("revoking asks first; cancelling sends nothing", async () => {
  let tokens = [token("P1", "churn notebook")];
  const s = new TestServer()
    .on(AccessTokensDocument, () => ({ personalAccessTokens: tokens }))
    .on(RevokeAccessTokenDocument, ({ id }) => {
      tokens = [token("P1", "churn notebook", { revokedAt: "2026-12-07T10:00:00Z", isActive: false })];
      return { revokePersonalAccessToken: { id, revokedAt: "2026-12-07T10:00:00Z", isActive: false } };
    });
  renderWithServer(<AccessTokensView />, s);
  await userEvent.click(await screen.findByRole("button", { name: "Revoke churn notebook" }));
  await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Cancel" }));
  expect(s.calls.map((c) => c.operationName)).not.toContain("RevokeAccessToken");
  await userEvent.click(screen.getByRole("button", { name: "Revoke churn notebook" }));
  await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Revoke churn notebook" }));
  await waitFor(() => expect(screen.getByText("churn notebook").closest("tr")).toHaveTextContent("revoked"));
  expect(s.calls.filter((c) => c.operationName === "RevokeAccessToken")).toEqual([{ operationName: "RevokeAccessToken", variables: { id: "P1" } }]);
});
