import { randomBytes } from "node:crypto";
import {
  type CallbackAnswer,
  CallbackPortError,
  type CallbackServer,
  startCallbackServer,
} from "../../io/aws/oauth-callback-server.js";
import { exchangeAuthorizationCode } from "../../io/aws/oidc-login.js";
import { openBrowser } from "../../io/process/browser-opener.js";
import { registrationScopes } from "../../model/login-cache.js";
import { oidcEndpoint } from "../../model/oidc-endpoint.js";
import { authorizeUrl, codeChallenge, loopbackRedirectUri } from "../../model/pkce.js";
import { failed, loginFailure, usageFailure } from "../../model/result.js";
import { registrationFor } from "./client-registration.js";
import { type FlowInput, type FlowResult, flowToken, INTERRUPTED } from "./login-flow-input.js";
import type { WaitOutcome } from "./redirect-wait.js";
import { waitForRedirect } from "./redirect-wait.js";

/** The one line for each way the browser's answer can be no good. */
function refusal(outcome: Exclude<WaitOutcome, { kind: "code" }>): FlowResult {
  switch (outcome.kind) {
    case "refused":
      return failed(
        loginFailure(`the sign-in was not approved (${outcome.detail}); run sso-sync login again`),
      );
    case "junk":
      return failed(
        loginFailure(
          "the callback carried no sign-in answer (no code and state), so it was refused; run sso-sync login again",
        ),
      );
    case "timeout":
      return failed(
        loginFailure("the sign-in was not completed in time; run sso-sync login again"),
      );
    case "interrupted":
      return INTERRUPTED;
  }
}

/**
 * Authorization code with PKCE: the callback server listens before anything is sent or opened
 * (a warm browser redirects at once), then the browser, or a pasted address, brings the code.
 */
export async function pkceFlow(input: FlowInput, callbackPort: number): Promise<FlowResult> {
  const state = randomBytes(24).toString("base64url");
  let server: CallbackServer;
  try {
    server = await startCallbackServer(callbackPort, state);
  } catch (error) {
    if (!(error instanceof CallbackPortError)) throw error;
    return failed(usageFailure(`${error.message}; choose another --callback-port`));
  }
  try {
    return await signIn(input, server, state);
  } finally {
    server.close();
  }
}

async function signIn(input: FlowInput, server: CallbackServer, state: string) {
  const { client, key, source, context } = input;
  const registration = await registrationFor(
    client,
    key,
    source.request.cacheDir,
    "pkce",
    context.now(),
    input.signal,
  );
  const verifier = randomBytes(48).toString("base64url");
  const redirectUri = loopbackRedirectUri(server.port);
  const url = authorizeUrl({
    endpoint: oidcEndpoint(key.region, context.env),
    clientId: registration.clientId,
    redirectUri,
    state,
    codeChallenge: codeChallenge(verifier),
    scopes: registrationScopes(key) ?? [],
  });
  await showTheWay(input, url);
  // The tab that brought the code waits for its page until the exchange is done.
  let tab: CallbackAnswer | undefined;
  const callback = server.answer.then((taken) => {
    tab = taken;
    return taken.answer;
  });
  const outcome = await waitForRedirect(
    callback,
    state,
    server.port,
    input.deadline,
    input.signal,
    context,
  );
  if (outcome.kind !== "code") return refusal(outcome);
  const exchange = { code: outcome.code, codeVerifier: verifier, redirectUri };
  const answer = await exchangeAuthorizationCode(client, registration, exchange, input.signal);
  tab?.finish(true);
  return flowToken(registration, answer, context.now());
}

/** Prints the address (always: the browser may be elsewhere) and opens it when it can. */
async function showTheWay(input: FlowInput, url: string): Promise<void> {
  const say = input.context.console.err;
  say(
    `sso-sync: to sign in to ${input.source.label}, open this address in a browser:\n\n  ${url}\n\n`,
  );
  say(
    "sso-sync: if the browser is on another machine, paste here the address it ends on (http://127.0.0.1:.../oauth/callback?code=...)\n",
  );
  if (!input.openBrowser) return;
  if (!(await openBrowser(url, input.context.env, input.context.platform)))
    say("sso-sync: no browser could be started; open the address above yourself\n");
}
