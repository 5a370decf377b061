import { setTimeout as sleep } from "node:timers/promises";
import type { DeviceAuthorization } from "../../io/aws/oidc-login.js";
import { pollDeviceToken, startDeviceAuthorization } from "../../io/aws/oidc-login.js";
import { openBrowser } from "../../io/process/browser-opener.js";
import type { Registration } from "../../model/login-cache.js";
import { failed, loginFailure } from "../../model/result.js";
import { registrationFor } from "./client-registration.js";
import { type FlowInput, type FlowResult, flowToken, INTERRUPTED } from "./login-flow-input.js";

const SLOW_DOWN_SECONDS = 5;

const notInTime: FlowResult = failed(
  loginFailure("the sign-in was not completed in time; run sso-sync login again"),
);

/** The device-code flow: print the URL and code (always), open the URL when a browser is here. */
export async function deviceFlow(input: FlowInput): Promise<FlowResult> {
  const { client, key, source, context } = input;
  const registration = await registrationFor(
    client,
    key,
    source.request.cacheDir,
    "device",
    context.now(),
    input.signal,
  );
  const authorization = await startDeviceAuthorization(
    client,
    registration,
    key.startUrl,
    input.signal,
  );
  const where = authorization.verificationUriComplete ?? authorization.verificationUri;
  context.console.err(
    `sso-sync: to sign in to ${source.label}, open ${where}\nsso-sync: and check that it shows the code ${authorization.userCode}\n`,
  );
  if (input.openBrowser) {
    if (!(await openBrowser(where, context.env, context.platform)))
      context.console.err("sso-sync: no browser could be started; open the address yourself\n");
  }
  return pollUntilDone(input, registration, authorization);
}

async function pollUntilDone(
  input: FlowInput,
  registration: Registration,
  authorization: DeviceAuthorization,
): Promise<FlowResult> {
  const { client, context, deadline, signal } = input;
  let interval = authorization.intervalSeconds;
  const codeEnds = context.now().getTime() + authorization.expiresInSeconds * 1000;
  for (;;) {
    const poll = await pollDeviceToken(client, registration, authorization.deviceCode, signal);
    if (poll.kind === "token") return flowToken(registration, poll, context.now());
    if (poll.kind === "denied")
      return failed(
        loginFailure(`the sign-in was not approved: ${poll.detail}; run sso-sync login again`),
      );
    // botocore adds five seconds to the interval on every SlowDownException.
    if (poll.kind === "slow-down") interval += SLOW_DOWN_SECONDS;
    const now = context.now().getTime();
    if (poll.kind === "expired" || now >= codeEnds || now + interval * 1000 > deadline)
      return notInTime;
    const slept = await sleep(interval * 1000, true, { signal }).catch(() => false);
    if (!slept) return INTERRUPTED;
  }
}
