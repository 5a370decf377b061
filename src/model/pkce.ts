import { createHash } from "node:crypto";

/** What the authorize URL is built from (AWS CLI v2 `login` with PKCE). */
export interface AuthorizeRequest {
  /** The SSO-OIDC endpoint, e.g. https://oidc.eu-west-1.amazonaws.com. */
  readonly endpoint: string;
  readonly clientId: string;
  /** The loopback callback with its port: http://127.0.0.1:PORT/oauth/callback. */
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly scopes: readonly string[];
}

/** What came back from the browser, judged against the state this login sent. */
export type RedirectAnswer =
  | { readonly kind: "code"; readonly code: string }
  | { readonly kind: "refused"; readonly detail: string }
  | { readonly kind: "wrong-state" }
  | { readonly kind: "junk" };

// RFC 7636: the verifier is 43 to 128 characters of [A-Za-z0-9-._~].
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
// Codes and states are opaque, but never this long or with control characters.
const SANE_VALUE = /^[\x21-\x7e]{1,4096}$/;

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)) without padding. */
export function codeChallenge(verifier: string): string {
  if (!VERIFIER.test(verifier)) throw new Error("a PKCE verifier is 43-128 unreserved characters");
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** The redirect URI the callback server answers on (RFC 8252 loopback, literal IP). */
export function loopbackRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}/oauth/callback`;
}

/** The authorize URL the browser opens; `scopes` space-joined, as the AWS CLI sends them. */
export function authorizeUrl(request: AuthorizeRequest): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    state: request.state,
    code_challenge_method: "S256",
    scopes: request.scopes.join(" "),
    code_challenge: request.codeChallenge,
  });
  return `${request.endpoint.replace(/\/+$/, "")}/authorize?${query.toString()}`.replace(
    /\+/g,
    "%20",
  );
}

/** An answer that ends the wait: only one that carries this login's state can. */
export type SignInAnswer = Exclude<RedirectAnswer, { readonly kind: "wrong-state" }>;

/**
 * Judges a redirect's query. Without exactly this login's state it is another sign-in's answer, or
 * forged by some other page or process ("wrong-state": ignored, the login goes on); RFC 6749
 * 4.1.2.1 returns the state with errors too. With it, an `error` is a refusal, and the code must
 * appear once.
 */
export function readRedirectQuery(query: URLSearchParams, expectedState: string): RedirectAnswer {
  const states = query.getAll("state");
  if (states.length !== 1 || states[0] !== expectedState) return { kind: "wrong-state" };
  const error = query.getAll("error");
  if (error.length > 0) {
    // An empty description says nothing: the error's own name is the better detail then.
    const detail = query.get("error_description") || error[0] || "";
    return { kind: "refused", detail: printable(detail) || "access_denied" };
  }
  const codes = query.getAll("code");
  const [code] = codes;
  if (codes.length !== 1 || code === undefined || !SANE_VALUE.test(code)) return { kind: "junk" };
  return { kind: "code", code };
}

/**
 * Judges what a person pasted: the address the browser ended on, which must be this login's
 * callback (http://127.0.0.1:PORT/oauth/callback), as the callback server itself requires.
 * Undefined when the text is not that address at all, so the caller can ask again.
 */
export function readPastedRedirect(
  text: string,
  expectedState: string,
  port: number,
): RedirectAnswer | undefined {
  const trimmed = text.trim();
  if (!URL.canParse(trimmed)) return undefined;
  const url = new URL(trimmed);
  const ours =
    url.protocol === "http:" && url.hostname === "127.0.0.1" && url.port === String(port);
  if (!ours || url.pathname !== "/oauth/callback" || url.search === "") return undefined;
  return readRedirectQuery(url.searchParams, expectedState);
}

/** A service's words made safe for one terminal line. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
}
