import type { Flags } from "../../model/flags.js";
import { portalSettings } from "./common-options.js";
import type { AssignmentOptions } from "./fetch-assignments.js";

/** accounts and populate: which session to list, and how patiently. */
export function listingOptions(flags: Flags): AssignmentOptions {
  const session = flags.one("--sso-session");
  const profile = flags.one("--profile");
  // Both would name a token each; one of them would be ignored without a word.
  if (session !== undefined && profile !== undefined)
    flags.fail("give --sso-session or --profile, not both", undefined);
  return {
    ...(session === undefined ? {} : { session }),
    ...(profile === undefined ? {} : { profile }),
    ...portalSettings(flags),
  };
}
