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

/**
 * Judges a redirect's query: an `error` with our state is a refusal (RFC 6749 4.1.2.1 returns the
 * state with errors too, so one without it is forged); code and state must each appear once.
 */
export function readRedirectQuery(query: URLSearchParams, expectedState: string): RedirectAnswer {
  const error = query.getAll("error");
  if (error.length > 0) {
    if (query.getAll("state").join("\n") !== expectedState) return { kind: "wrong-state" };
    // An empty description says nothing: the error's own name is the better detail then.
    const detail = query.get("error_description") || error[0] || "";
    return { kind: "refused", detail: printable(detail) || "access_denied" };
  }
  const codes = query.getAll("code");
  const states = query.getAll("state");
  const [code] = codes;
  const [state] = states;
  if (codes.length !== 1 || states.length !== 1 || code === undefined || state === undefined)
    return { kind: "junk" };
  if (!SANE_VALUE.test(code) || !SANE_VALUE.test(state)) return { kind: "junk" };
  return state === expectedState ? { kind: "code", code } : { kind: "wrong-state" };
}

/**
 * Judges what a person pasted: the address the browser ended on. Undefined when the text is not
 * that address at all (not a URL, or not our callback path), so the caller can ask again.
 */
export function readPastedRedirect(
  text: string,
  expectedState: string,
): RedirectAnswer | undefined {
  const trimmed = text.trim();
  if (!URL.canParse(trimmed)) return undefined;
  const url = new URL(trimmed);
  if (url.pathname !== "/oauth/callback" || url.search === "") return undefined;
  return readRedirectQuery(url.searchParams, expectedState);
}

/** A service's words made safe for one terminal line. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
}
