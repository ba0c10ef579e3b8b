import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useEffect, useState } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { ShellDocument } from "../app/Shell";
import { TestServer } from "../test/server";
import { AuthProvider, PASSWORDS_ONLY, useAuth } from "./auth";
import type { Transport } from "./graphql";
import { useClient } from "./hooks";

afterEach(() => vi.unstubAllGlobals());

const ME = { me: { id: "u1", email: "ds@demo", role: "DATA_SCIENTIST", tenant: { name: "Demo" }, canManageUsers: false,
  canReadAuditLog: false, canDecideApprovals: false, canExportHistory: true, canReadHistory: true, canReadModels: true,
  canManageWebhooks: false } } as const;

/** fetch for the /auth endpoints: /auth/refresh answers with the tokens given, in turn, then 401. */
function stubAuthEndpoints(...tokens: string[]) {
  const fetch = vi.fn((url: string) => {
    if (url.endsWith("/auth/refresh")) {
      const token = tokens.shift();
      return Promise.resolve(token
        ? Response.json({ access_token: token, token_type: "Bearer", expires_in: 900 })
        : Response.json({ error: "invalid_grant" }, { status: 401 }));
    }
    if (url.endsWith("/auth/sign-out")) return Promise.resolve(new Response(null, { status: 204 }));
    return Promise.resolve(new Response("{}", { status: 404 }));
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function Probe() {
  const { token, signOut } = useAuth();
  const location = useLocation();
  return (
    <>
      <p data-testid="token">{token ?? "none"}</p>
      <p data-testid="location">{location.pathname}{location.search}</p>
      <button type="button" onClick={signOut}>Sign out</button>
    </>
  );
}

function Me() {
  const client = useClient();
  const [email, setEmail] = useState("…");
  useEffect(() => {
    client.request(ShellDocument).then((r) => setEmail(r.me.email), (e: Error) => setEmail(e.message));
  }, [client]);
  return <p data-testid="email">{email}</p>;
}

function renderApp(transport: Transport, route = "/models/m1?tab=cards", children = <Probe />) {
  return render(
    <MemoryRouter initialEntries={[route]}>
      <AuthProvider transport={transport} signInConfig={PASSWORDS_ONLY} restoreSession>
        <Routes><Route path="*" element={children} /></Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
}

test("on load the refresh cookie brings the session back before the page draws", async () => {
  const fetch = stubAuthEndpoints("restored");
  renderApp(new TestServer());
  expect(screen.getByRole("status")).toHaveTextContent("Signing in");
  expect(await screen.findByTestId("token")).toHaveTextContent("restored");
  expect(screen.getByTestId("location")).toHaveTextContent("/models/m1?tab=cards"); // the deep link stays
  expect(fetch).toHaveBeenCalledOnce();
  expect(fetch).toHaveBeenCalledWith(expect.stringMatching(/\/auth\/refresh$/), expect.objectContaining({
    method: "POST", credentials: "same-origin", headers: { "x-slipway-refresh": "1" },
  }));
});

test("without a session the page draws signed out", async () => {
  stubAuthEndpoints();
  renderApp(new TestServer());
  expect(await screen.findByTestId("token")).toHaveTextContent("none");
});

test("a 401 refreshes once and sends the request again", async () => {
  stubAuthEndpoints("first", "second");
  let calls = 0;
  const server = new TestServer().on(ShellDocument, () => ME);
  const expiring: Transport = {
    execute: (body) => (++calls === 1
      ? Promise.resolve({ status: 401, body: { errors: [{ message: "expired", extensions: { code: "UNAUTHENTICATED" } }] } })
      : server.execute(body)),
  };
  renderApp(expiring, "/", <><Probe /><Me /></>);
  expect(await screen.findByText("ds@demo")).toBeInTheDocument();
  expect(calls).toBe(2);
  expect(screen.getByTestId("token")).toHaveTextContent("second");
  expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/);
});

function ThreeAtOnce() {
  const client = useClient();
  const [done, setDone] = useState("…");
  useEffect(() => {
    Promise.all([1, 2, 3].map(() => client.request(ShellDocument))).then((r) => setDone(`${r.length} answered`), (e: Error) => setDone(e.message));
  }, [client]);
  return <p data-testid="three">{done}</p>;
}

test("requests failing together share one refresh", async () => {
  const fetch = stubAuthEndpoints("first", "second", "third");
  const server = new TestServer().on(ShellDocument, () => ME);
  let n = 0;
  const expiring: Transport = {
    execute: (body) => (n++ < 3
      ? Promise.resolve({ status: 401, body: { errors: [{ message: "expired", extensions: { code: "UNAUTHENTICATED" } }] } })
      : server.execute(body)),
  };
  renderApp(expiring, "/", <><Probe /><ThreeAtOnce /></>);
  expect(await screen.findByText("3 answered")).toBeInTheDocument();
  // One on load, one for the three 401s.
  expect(fetch.mock.calls.filter(([url]) => url.endsWith("/auth/refresh"))).toHaveLength(2);
  expect(screen.getByTestId("token")).toHaveTextContent("second");
});

test("when the refresh fails too, the user goes to sign-in and keeps the place", async () => {
  stubAuthEndpoints("first");
  const expired: Transport = {
    execute: () => Promise.resolve({ status: 401, body: { errors: [{ message: "expired", extensions: { code: "UNAUTHENTICATED" } }] } }),
  };
  renderApp(expired, "/audit?action=x", <><Probe /><Me /></>);
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/signin?next=%2Faudit%3Faction%3Dx&expired=1"));
  expect(screen.getByTestId("token")).toHaveTextContent("none");
});

test("sign-out revokes the session on the server before leaving", async () => {
  const fetch = stubAuthEndpoints("restored");
  renderApp(new TestServer());
  await screen.findByText("restored");
  await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/signin$/));
  expect(fetch).toHaveBeenLastCalledWith(expect.stringMatching(/\/auth\/sign-out$/), expect.objectContaining({
    method: "POST", headers: { "x-slipway-refresh": "1" },
  }));
  expect(screen.getByTestId("token")).toHaveTextContent("none");
});

function jwt(expiresInSeconds: number, id: string): string {
  const part = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, "");
  return `${part({ alg: "RS256" })}.${part({ exp: Math.floor(Date.now() / 1000) + expiresInSeconds, jti: id })}.sig`;
}

test("the access token is renewed before it expires, and the page's queries and live connection follow", async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  try {
    const first = jwt(65, "first");
    const second = jwt(900, "second");
    const fetch = stubAuthEndpoints(first, second);
    const server = new TestServer().on(ShellDocument, () => ME);
    renderApp(server, "/", <><Probe /><Me /></>);
    expect(await screen.findByText("ds@demo")).toBeInTheDocument();
    expect(screen.getByTestId("token")).toHaveTextContent(first);
    await vi.advanceTimersByTimeAsync(10_000); // a minute before expiry, but never sooner than 10 s
    await waitFor(() => expect(screen.getByTestId("token")).toHaveTextContent(second));
    expect(fetch.mock.calls.filter(([url]) => url.endsWith("/auth/refresh"))).toHaveLength(2);
    // A new client: the query ran again (and a socket would open with the new token).
    await waitFor(() => expect(server.calls.filter((c) => c.operationName === "Shell")).toHaveLength(2));
  } finally {
    vi.useRealTimers();
  }
});

test("expiryOf reads a JWT's exp and nothing else", async () => {
  const { expiryOf } = await import("./auth");
  expect(expiryOf(jwt(60, "x"))).toBeGreaterThan(Date.now());
  expect(expiryOf("test-token")).toBeNull();
  expect(expiryOf(null)).toBeNull();
  expect(expiryOf("a.!!!.c")).toBeNull();
});
