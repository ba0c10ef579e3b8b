// Who is signed in. The short-lived access token lives in memory only; the session survives reloads,
// new tabs and pasted links through an HttpOnly refresh cookie the page cannot read (scoped to /auth).
// On load, and once on any 401, the app spends that cookie at POST /auth/refresh for a new access
// token; only when that fails does the user go to sign-in, coming back to where they were.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { Loading } from "../components/States";
import { SlipwayClient, type RawResult, type Transport } from "./graphql";
import { ClientProvider } from "./hooks";
import type { OidcConfig } from "./pkce";

export interface AuthState {
  token: string | null;
  signIn: (email: string, password: string) => Promise<void>;
  acceptToken: (token: string) => void;
  /** Trade an identity provider's token for a Slipway session (refresh cookie included). */
  startSession: (providerToken: string) => Promise<void>;
  /** Revokes the session server-side (and in other tabs), then goes to sign-in. */
  signOut: () => void;
  /** How the server signs people in; null until `GET /auth/config` has answered. */
  config: SignInConfig | null;
}

export interface SignInConfig {
  /** Null when no OIDC web client is configured. */
  oidc: OidcConfig | null;
  /** False when the server refuses passwords (an OIDC issuer is configured). */
  passwordSignIn: boolean;
}

/** What a server that predates `/auth/config` (or a test without one) means: passwords only. */
export const PASSWORDS_ONLY: SignInConfig = { oidc: null, passwordSignIn: true };

const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}

export class SignInError extends Error {}

/** The header /auth/refresh, /auth/session and /auth/sign-out require: a cross-site form cannot send it. */
export const REFRESH_HEADER = { "x-slipway-refresh": "1" };
const REFRESH_LOCK = "slipway-refresh";
// Renew a minute before the access token expires; never more often than every 10 s (a skewed clock).
const RENEW_BEFORE_MS = 60_000;
const RENEW_MIN_WAIT_MS = 10_000;
const SIGN_OUT_CHANNEL = "slipway-auth";

/**
 * A new access token from the refresh cookie, or null when there is no live session. Tabs take turns
 * (Web Locks): each refresh spends the cookie, and the server ends a session whose spent cookie comes
 * back, so two tabs refreshing at once with the same cookie would sign each other out.
 */
export async function refreshAccessToken(baseUrl: string): Promise<string | null> {
  const attempt = async (): Promise<string | null> => {
    try {
      const response = await fetch(`${baseUrl}/auth/refresh`, { method: "POST", credentials: "same-origin", headers: REFRESH_HEADER });
      if (response.status !== 200) return null; // 204: no session; 401: it ended
      const body = (await response.json()) as { access_token?: string };
      return body.access_token ?? null;
    } catch {
      return null;
    }
  };
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  return locks ? locks.request(REFRESH_LOCK, attempt) : attempt();
}

async function passwordGrant(baseUrl: string, email: string, password: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: email, password }),
    });
  } catch {
    throw new SignInError("The server cannot be reached; check your connection and try again.");
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token) {
    throw new SignInError(body.error_description ?? `Sign-in failed (${response.status}).`);
  }
  return body.access_token;
}

/**
 * Asks the API how users sign in: `GET /auth/config` answers `{"oidc": {"issuer", "clientId",
 * "scope"?} | null, "passwordSignIn": bool}`. The server decides whether the password form is
 * shown (it refuses passwords once an issuer is configured, even without a web client id).
 */
export async function loadSignInConfig(baseUrl: string): Promise<SignInConfig> {
  try {
    const response = await fetch(`${baseUrl}/auth/config`, { headers: { accept: "application/json" } });
    if (!response.ok || !response.headers.get("content-type")?.includes("json")) return PASSWORDS_ONLY;
    const body = (await response.json()) as { oidc?: OidcConfig | null; passwordSignIn?: boolean };
    const oidc = body.oidc?.issuer && body.oidc.clientId ? body.oidc : null;
    return { oidc, passwordSignIn: body.passwordSignIn ?? !oidc };
  } catch {
    return PASSWORDS_ONLY;
  }
}

export function AuthProvider({ children, transport, initialToken = null, signInConfig, restoreSession }: {
  children: ReactNode;
  transport?: Transport;
  initialToken?: string | null;
  /** Tests pass the server's sign-in config instead of fetching it. */
  signInConfig?: SignInConfig;
  /** Ask /auth/refresh for a token before rendering; on by default unless a test transport is given. */
  restoreSession?: boolean;
}) {
  const [token, setToken] = useState<string | null>(initialToken);
  const [restoring, setRestoring] = useState(initialToken === null && (restoreSession ?? !transport));
  const [config, setConfig] = useState<SignInConfig | null>(signInConfig ?? (transport ? PASSWORDS_ONLY : null));
  // What the client and the callbacks read between renders. Every setToken below sets tokenRef
  // first; the location is kept after each render.
  const tokenRef = useRef(token);
  const navigate = useNavigate();
  const location = useLocation();
  const locationRef = useRef(location);
  useLayoutEffect(() => {
    locationRef.current = location;
  }, [location]);
  const baseUrl = window.location.origin;

  const acceptToken = useCallback((t: string | null) => {
    tokenRef.current = t;
    setToken(t);
  }, []);

  // One refresh at a time in this tab: requests that fail together wait for the same answer.
  const refreshing = useRef<Promise<string | null> | null>(null);
  const refresh = useCallback(() => {
    refreshing.current ??= refreshAccessToken(baseUrl).then((t) => {
      refreshing.current = null;
      if (t) acceptToken(t);
      return t;
    });
    return refreshing.current;
  }, [acceptToken, baseUrl]);

  const sendToSignIn = useCallback(() => {
    const here = locationRef.current;
    if (here.pathname.startsWith("/signin")) return;
    acceptToken(null);
    const next = `${here.pathname}${here.search}`;
    navigate(`/signin?next=${encodeURIComponent(next)}&expired=1`, { replace: true });
  }, [acceptToken, navigate]);

  // A 401 means the access token expired (or never was): refresh once, then send the request again.
  const retrying = useMemo<Transport>(() => {
    // eslint-disable-next-line react-hooks/refs -- read when a request is sent, never while rendering
    const inner = transport ?? fetchTransport(baseUrl, () => tokenRef.current);
    return {
      execute: async (body) => {
        const sentWith = tokenRef.current;
        const first = await inner.execute(body);
        if (first.status !== 401) return first;
        // Another request may have refreshed meanwhile; otherwise spend the cookie.
        const fresh = tokenRef.current !== sentWith ? tokenRef.current : await refresh();
        return fresh ? inner.execute(body) : first;
      },
      upload: transport?.upload?.bind(transport),
      subscribe: transport?.subscribe?.bind(transport),
    };
  }, [baseUrl, refresh, transport]);

  // A live connection closed for an expired token lands here too: sign-in only when the session is gone.
  const onUnauthenticated = useCallback(() => {
    void refresh().then((t) => {
      if (!t) sendToSignIn();
    });
  }, [refresh, sendToSignIn]);

  // A new client per renewal: its live connection opens with the new token before the server closes
  // the old one at its token's expiry (a socket keeps the token it opened with); queries re-run, data kept.
  const [renewals, setRenewals] = useState(0);
  const client = useMemo(() => {
    void renewals; // each renewal makes a new client, by design
    // eslint-disable-next-line react-hooks/refs -- the client calls getToken when it sends a request, never while rendering
    return new SlipwayClient({ getToken: () => tokenRef.current, onUnauthenticated, transport: retrying });
  }, [onUnauthenticated, retrying, renewals]);
  useEffect(() => {
    const expiresAt = expiryOf(token);
    if (expiresAt === null || restoring) return;
    const timer = setTimeout(() => {
      void refresh().then((t) => t && setRenewals((n) => n + 1));
    }, Math.max(RENEW_MIN_WAIT_MS, expiresAt - Date.now() - RENEW_BEFORE_MS));
    return () => clearTimeout(timer);
  }, [refresh, restoring, token]);
  useEffect(() => () => client.dispose(), [client]);
  useEffect(() => {
    if (!transport && !signInConfig) void loadSignInConfig(baseUrl).then(setConfig);
  }, [baseUrl, transport, signInConfig]);

  // Reload, new tab, pasted link: the cookie (if any) brings the session back before any page draws.
  const restored = useRef(false);
  useEffect(() => {
    if (!restoring || restored.current) return;
    restored.current = true;
    void refresh().finally(() => setRestoring(false));
  }, [refresh, restoring]);

  // Signing out in one tab signs out the others at once, not when their access token expires.
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(SIGN_OUT_CHANNEL);
    channel.onmessage = (e: MessageEvent) => {
      if (e.data === "signed-out" && tokenRef.current) sendToSignIn();
    };
    return () => channel.close();
  }, [sendToSignIn]);

  const signIn = useCallback(
    async (email: string, password: string) => acceptToken(await passwordGrant(baseUrl, email, password)),
    [acceptToken, baseUrl],
  );
  const startSession = useCallback(
    async (providerToken: string) => acceptToken(await providerSession(baseUrl, providerToken)),
    [acceptToken, baseUrl],
  );
  const signOut = useCallback(() => {
    // Revoked before the page lets go: a reload right after sign-out must not find a live session.
    const revoked = fetch(`${baseUrl}/auth/sign-out`, { method: "POST", credentials: "same-origin", headers: REFRESH_HEADER });
    void revoked
      .catch(() => undefined) // offline: the cookie lives until it expires, but no page holds a token
      .then(() => {
        acceptToken(null);
        client.dispose();
        if (typeof BroadcastChannel !== "undefined") {
          const channel = new BroadcastChannel(SIGN_OUT_CHANNEL);
          channel.postMessage("signed-out");
          channel.close();
        }
        navigate("/signin", { replace: true });
      });
  }, [acceptToken, baseUrl, client, navigate]);

  const value = useMemo(
    () => ({ token, signIn, acceptToken, startSession, signOut, config }),
    [token, signIn, acceptToken, startSession, signOut, config],
  );
  return (
    <AuthContext.Provider value={value}>
      <ClientProvider client={client}>{restoring ? <Loading what="Signing in" /> : children}</ClientProvider>
    </AuthContext.Provider>
  );
}

/** The session for an identity provider's token; the provider's token itself when the server predates /auth/session. */
async function providerSession(baseUrl: string, providerToken: string): Promise<string> {
  try {
    const response = await fetch(`${baseUrl}/auth/session`, {
      method: "POST",
      credentials: "same-origin",
      headers: { ...REFRESH_HEADER, authorization: `Bearer ${providerToken}` },
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; error_description?: string };
    if (response.ok && body.access_token) return body.access_token;
    if (response.status === 404) return providerToken;
    throw new SignInError(body.error_description ?? `Sign-in failed (${response.status}).`);
  } catch (e) {
    if (e instanceof SignInError) throw e;
    throw new SignInError("The server cannot be reached; check your connection and try again.");
  }
}

/** POST /graphql with the token of the moment (what SlipwayClient does by itself without a transport). */
function fetchTransport(baseUrl: string, getToken: () => string | null): Transport {
  return {
    execute: async (body) => {
      const token = getToken();
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/graphql`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/graphql-response+json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
      } catch {
        const message = "The server cannot be reached; check your connection and try again.";
        return { status: 0, body: { errors: [{ message, extensions: { code: "UNAVAILABLE" } }] } };
      }
      let result: RawResult;
      try {
        result = (await response.json()) as RawResult;
      } catch {
        const message = `The server answered ${response.status} ${response.statusText} without JSON.`;
        result = { errors: [{ message, extensions: { code: response.status >= 500 ? "UNAVAILABLE" : "INTERNAL" } }] };
      }
      return { status: response.status, body: result };
    },
  };
}

/** When a JWT expires (epoch ms, from its unverified `exp`), or null for anything else. */
export function expiryOf(token: string | null): number | null {
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
