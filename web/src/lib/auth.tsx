// Who is signed in. The token lives in memory only (a reload asks to sign in again); when the
// server says it is missing or expired, the user goes to sign-in and comes back to where they were.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { SlipwayClient, type Transport } from "./graphql";
import { ClientProvider } from "./hooks";
import type { OidcConfig } from "./pkce";

export interface AuthState {
  token: string | null;
  signIn: (email: string, password: string) => Promise<void>;
  acceptToken: (token: string) => void;
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

export function AuthProvider({ children, transport, initialToken = null, signInConfig }: {
  children: ReactNode;
  transport?: Transport;
  initialToken?: string | null;
  /** Tests pass the server's sign-in config instead of fetching it. */
  signInConfig?: SignInConfig;
}) {
  const [token, setToken] = useState<string | null>(initialToken);
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

  const sendToSignIn = useCallback(() => {
    const here = locationRef.current;
    if (here.pathname.startsWith("/signin")) return;
    tokenRef.current = null;
    setToken(null);
    const next = `${here.pathname}${here.search}`;
    navigate(`/signin?next=${encodeURIComponent(next)}&expired=1`, { replace: true });
  }, [navigate]);

  const client = useMemo(
    // eslint-disable-next-line react-hooks/refs -- the client calls getToken when it sends a request, never while rendering
    () => new SlipwayClient({ getToken: () => tokenRef.current, onUnauthenticated: sendToSignIn, transport }),
    [sendToSignIn, transport],
  );
  useEffect(() => () => client.dispose(), [client]);
  useEffect(() => {
    if (!transport && !signInConfig) void loadSignInConfig(baseUrl).then(setConfig);
  }, [baseUrl, transport, signInConfig]);

  const acceptToken = useCallback((t: string) => {
    tokenRef.current = t;
    setToken(t);
  }, []);
  const signIn = useCallback(
    async (email: string, password: string) => acceptToken(await passwordGrant(baseUrl, email, password)),
    [acceptToken, baseUrl],
  );
  const signOut = useCallback(() => {
    tokenRef.current = null;
    setToken(null);
    client.dispose();
    navigate("/signin", { replace: true });
  }, [client, navigate]);

  const value = useMemo(() => ({ token, signIn, acceptToken, signOut, config }), [token, signIn, acceptToken, signOut, config]);
  return (
    <AuthContext.Provider value={value}>
      <ClientProvider client={client}>{children}</ClientProvider>
    </AuthContext.Provider>
  );
}
