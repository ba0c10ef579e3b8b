import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { SignInView } from "./SignInView";

afterEach(() => vi.unstubAllGlobals());

function stubTokenEndpoint() {
  const fetch = vi.fn((url: string, init?: RequestInit) => {
    const { password } = JSON.parse(init?.body as string) as { password: string };
    if (!url.endsWith("/auth/token")) return Promise.resolve(new Response("{}", { status: 404 }));
    return Promise.resolve(password === "slipway"
      ? Response.json({ access_token: "t0ken", token_type: "Bearer" })
      : Response.json({ error: "invalid_grant", error_description: "Wrong email or password." }, { status: 401 }));
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

test("a wrong password shows the server's message; the right one goes back to the kept place", async () => {
  const fetch = stubTokenEndpoint();
  renderWithServer(<SignInView />, new TestServer(), { route: "/signin?next=%2Fusers%3Fpage%3D2", path: "/signin", token: null });
  await userEvent.type(screen.getByLabelText("Email"), "admin@demo");
  await userEvent.type(screen.getByLabelText("Password"), "nope");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Wrong email or password.");
  await userEvent.clear(screen.getByLabelText("Password"));
  await userEvent.type(screen.getByLabelText("Password"), "slipway");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/users?page=2"));
  expect(fetch).toHaveBeenLastCalledWith(expect.stringMatching(/\/auth\/token$/), expect.objectContaining({ method: "POST" }));
});

test("a next that points off the app is ignored", async () => {
  stubTokenEndpoint();
  renderWithServer(<SignInView />, new TestServer(), { route: "/signin?next=%2F%2Fevil.example", path: "/signin", token: null });
  await userEvent.type(screen.getByLabelText("Email"), "admin@demo");
  await userEvent.type(screen.getByLabelText("Password"), "slipway");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/));
});

test("with an identity provider the server refuses passwords: only the provider's button is offered", () => {
  const oidc = { issuer: "https://id.example", clientId: "slipway-web" };
  renderWithServer(<SignInView />, new TestServer(), { route: "/signin", path: "/signin", token: null, signInConfig: { oidc, passwordSignIn: false } });
  expect(screen.getByRole("button", { name: "Sign in with your organisation" })).toBeInTheDocument();
  expect(screen.getByText("Through https://id.example")).toBeInTheDocument();
  expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
});

test("an issuer without a web client id: no password form, and a message saying what to configure", () => {
  renderWithServer(<SignInView />, new TestServer(), { route: "/signin", path: "/signin", token: null, signInConfig: { oidc: null, passwordSignIn: false } });
  expect(screen.getByRole("alert")).toHaveTextContent("SLIPWAY_OIDC_CLIENT_ID");
  expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Sign in" })).not.toBeInTheDocument();
});

test("the sign-in config comes from GET /auth/config", async () => {
  vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(Response.json({ oidc: null, passwordSignIn: false }))));
  const { loadSignInConfig } = await import("../../../lib/auth");
  expect(await loadSignInConfig("http://x")).toEqual({ oidc: null, passwordSignIn: false });
  vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("offline"))));
  expect(await loadSignInConfig("http://x")).toEqual({ oidc: null, passwordSignIn: true });
});
