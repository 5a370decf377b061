import type { Flags } from "../../model/flags.js";
import type { OptionSpec } from "../../model/option-spec.js";
import {
  FORCE,
  LOCK_TIMEOUT,
  minValidityOption,
  TIMEOUT,
  timeouts,
} from "../shared/common-options.js";
import type { ServeOptions } from "./serve-credentials.js";

/** The options env, exec and process share, in help order. */
export const SERVE_OPTIONS: readonly OptionSpec[] = [
  {
    flag: "--profile",
    value: "name",
    help: "The profile whose credentials to use (exactly one)",
    // Read as a list so that two are refused with the same words as none.
    repeat: true,
  },
  minValidityOption("Serve the section offline when valid this long"),
  { flag: "--login", help: "When the session needs login and you are at a terminal, log in first" },
  FORCE,
  TIMEOUT,
  LOCK_TIMEOUT,
];

/** env, exec and process: exactly one profile, and how to serve it. */
export function serveOptions(flags: Flags): ServeOptions & { readonly login: boolean } {
  const [profile, ...extra] = flags.many("--profile");
  if (profile === undefined || extra.length > 0)
    flags.fail("name exactly one profile with --profile", undefined);
  return {
    profile: profile ?? "",
    ...timeouts(flags),
    minValidityMs: flags.duration("--min-validity"),
    force: flags.on("--force"),
    login: flags.on("--login"),
  };
}
