// OIDC authorization code flow with PKCE (RFC 7636). Only the verifier, state and the page to
// return to survive the redirect (sessionStorage); the access token itself stays in memory.
export interface OidcConfig {
  issuer: string;
  clientId: string;
  scope?: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = "slipway.oidc.pending";

function base64url(bytes: Uint8Array): string {
  let s = "";
  bytes.forEach((b) => (s += String.fromCharCode(b)));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function randomVerifier(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(48)));
}

export async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider ${issuer} did not answer its discovery document (${response.status}).`);
  return (await response.json()) as Discovery;
}

export function redirectUri(): string {
  return `${window.location.origin}/signin/callback`;
}

/** The URL to send the browser to; remembers what the callback needs to finish. */
export async function authorizationUrl(config: OidcConfig, next: string): Promise<string> {
  const discovery = await discover(config.issuer);
  const verifier = randomVerifier();
  const state = randomVerifier();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, next, config }));
  const params = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope ?? "openid email",
    state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: "S256",
  });
  return `${discovery.authorization_endpoint}?${params.toString()}`;
}

/** Exchange the callback's code for an access token; returns it and the page to go back to. */
export async function finishSignIn(search: string): Promise<{ token: string; next: string }> {
  const params = new URLSearchParams(search);
  const pending = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (params.get("error")) throw new Error(params.get("error_description") ?? params.get("error") ?? "Sign-in refused.");
  if (!pending) throw new Error("This sign-in was not started here (or was already finished); start again.");
  const { verifier, state, next, config } = JSON.parse(pending) as { verifier: string; state: string; next: string; config: OidcConfig };
  if (params.get("state") !== state) throw new Error("The sign-in answer does not match the request; start again.");
  const discovery = await discover(config.issuer);
  const response = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: params.get("code") ?? "",
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(body.error_description ?? body.error ?? "The provider gave no token.");
  return { token: body.access_token, next };
}
