import { UsageError } from "../model/usage-error.js";
import { act, type Register } from "./action.js";
import { DEFAULTS } from "./flags.js";
import { inPlaceOption } from "./options.js";

/** `login`: SSO-OIDC login (PKCE in a browser, or a device code), then a sync of its profiles. */
export const loginCommand: Register = (cli, argv, context) => {
  const login = cli
    .command("login", "Log in to an SSO session without the AWS CLI, then sync its profiles")
    .usage(
      "sso-sync login [--sso-session S | --profile P] [--no-browser] [--callback-port N] [--use-device-code] [--no-sync]",
    )
    .option(
      "--sso-session <name>",
      "The [sso-session] to log in to (default: each one your SSO profiles use)",
    )
    .option("--profile <name>", "Log in to this SSO profile's session or start URL")
    .option("--no-browser", "Print the sign-in address instead of opening a browser (over SSH)")
    .option("--callback-port <port>", "Listen for the browser on this port of 127.0.0.1 (ssh -L)")
    .option("--use-device-code", "Sign in with a URL and a code to confirm, on any device")
    .option("--no-sync", "Only log in; do not sync the session's profiles afterwards")
    .option("--timeout <seconds>", "Give up when the sign-in is not done within this long", {
      default: DEFAULTS.loginTimeoutSeconds,
    })
    .example("sso-sync login --sso-session acme")
    .example("sso-sync login --no-browser --callback-port 8400   # ssh -L 8400:127.0.0.1:8400");
  act(login, argv, context, async (flags, ctx) => {
    const session = flags.one("--sso-session");
    const profile = flags.one("--profile");
    if (session !== undefined && profile !== undefined)
      throw new UsageError("give --sso-session or --profile, not both");
    const { loginAction } = await import("../commands/login/login-action.js");
    return loginAction(
      {
        ...(session === undefined ? {} : { session }),
        ...(profile === undefined ? {} : { profile }),
        timeoutSeconds: flags.number("--timeout", DEFAULTS.loginTimeoutSeconds, 1, 3600),
        noBrowser: flags.off("browser"),
        useDeviceCode: flags.on("useDeviceCode"),
        callbackPort: flags.integer("--callback-port", 0, 1, 65535),
        sync: !flags.off("sync"),
      },
      ctx,
    );
  });
};

/** `logout`: the portal's Logout, the token files removed, sso-sync's keys cleaned. */
export const logoutCommand: Register = (cli, argv, context) => {
  const logout = cli
    .command(
      "logout",
      "Log out of an SSO session: end it at the portal, remove its token and sso-sync's keys",
    )
    .usage("sso-sync logout [--sso-session S | --profile P | --all]")
    .option("--sso-session <name>", "The [sso-session] to log out of (default: the only one)")
    .option("--profile <name>", "Log out of this SSO profile's session or start URL")
    .option("--all", "Log out of every session the config's profiles use");
  inPlaceOption(logout, "the credentials file");
  act(logout, argv, context, async (flags, ctx) => {
    const session = flags.one("--sso-session");
    const profile = flags.one("--profile");
    if ([session, profile, flags.on("all") ? "all" : undefined].filter(Boolean).length > 1)
      throw new UsageError("give one of --sso-session, --profile or --all");
    const { logoutAction } = await import("../commands/login/logout-action.js");
    return logoutAction(
      {
        ...(session === undefined ? {} : { session }),
        ...(profile === undefined ? {} : { profile }),
        all: flags.on("all"),
        timeoutSeconds: DEFAULTS.timeoutSeconds,
        lockTimeoutSeconds: DEFAULTS.lockTimeoutSeconds,
        inPlace: flags.on("inPlace"),
      },
      ctx,
    );
  });
};
