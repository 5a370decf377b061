import type { CommandSpec } from "../../model/command-spec.js";
import { DEFAULTS } from "../../model/defaults.js";
import type { Flags } from "../../model/flags.js";
import { ok, type Result } from "../../model/result.js";
import { ssoSessionOption } from "../shared/common-options.js";
import type { LoginActionOptions } from "./login-action.js";

/** login's flags, checked and converted. */
export function loginOptions(flags: Flags): Result<LoginActionOptions> {
  const session = flags.one("--sso-session");
  const profile = flags.one("--profile");
  if (session !== undefined && profile !== undefined)
    flags.fail("give --sso-session or --profile, not both", undefined);
  const port = flags.one("--callback-port");
  return flags.result({
    ...(session === undefined ? {} : { session }),
    ...(profile === undefined ? {} : { profile }),
    timeoutSeconds: flags.number("--timeout", 1, 3600),
    noBrowser: flags.on("--no-browser"),
    useDeviceCode: flags.on("--use-device-code"),
    // 0: any free port.
    callbackPort: port === undefined ? 0 : flags.integer("--callback-port", 1, 65535),
    sync: !flags.on("--no-sync"),
  });
}

/** `login`: SSO-OIDC login (PKCE in a browser, or a device code), then a sync of its profiles. */
export const loginSpec: CommandSpec<LoginActionOptions> = {
  name: "login",
  summary: "Log in to an SSO session without the AWS CLI, then sync its profiles",
  usage:
    "sso-sync login [--sso-session S | --profile P] [--no-browser] [--callback-port N] [--use-device-code] [--no-sync]",
  examples: [
    "sso-sync login --sso-session acme",
    "sso-sync login --no-browser --callback-port 8400   # ssh -L 8400:127.0.0.1:8400",
  ],
  options: [
    ssoSessionOption("The [sso-session] to log in to (default: each one your SSO profiles use)"),
    { flag: "--profile", value: "name", help: "Log in to this SSO profile's session or start URL" },
    {
      flag: "--no-browser",
      help: "Print the sign-in address instead of opening a browser (over SSH)",
    },
    {
      flag: "--callback-port",
      value: "port",
      help: "Listen for the browser on this port of 127.0.0.1 (ssh -L)",
    },
    {
      flag: "--use-device-code",
      help: "Sign in with a URL and a code to confirm, on any device",
    },
    { flag: "--no-sync", help: "Only log in; do not sync the session's profiles afterwards" },
    {
      flag: "--timeout",
      value: "seconds",
      help: "Give up when the sign-in, each request to SSO-OIDC included, is not done within this long",
      default: DEFAULTS.loginTimeoutSeconds,
    },
  ],
  read: loginOptions,
  run: async (options, context) => {
    const { loginAction } = await import("./login-action.js");
    return ok(await loginAction(options, context));
  },
};
