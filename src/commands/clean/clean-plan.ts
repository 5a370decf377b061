import { parseExpiry } from "../../model/expiry.js";
import {
  type CredentialsDocument,
  readSection,
  sectionNames,
  sectionState,
} from "../../model/ini-document.js";
import { globMatches } from "../../model/profile-selection.js";

/** Which sections `clean` removes, and what it leaves alone. */
export interface CleanPlan {
  /** Owned sections to remove, in file order. */
  readonly remove: readonly string[];
  /** Sections a `--section` named that sso-sync did not write: never touched. */
  readonly notOwned: readonly string[];
  /** `--section` values that matched no section. */
  readonly unmatched: readonly string[];
}

/** Decides what to remove: all owned sections, or those `specs` match; with `expiredOnly`, only expired ones. */
export function planClean(
  doc: CredentialsDocument,
  specs: readonly string[],
  expiredOnly: boolean,
  now: Date,
): CleanPlan {
  const names = sectionNames(doc);
  const picked =
    specs.length === 0
      ? names
      : names.filter((name) => specs.some((spec) => globMatches(spec, name)));
  const unmatched = specs.filter((spec) => !names.some((name) => globMatches(spec, name)));
  const owned = picked.filter((name) => sectionState(doc, name) === "owned");
  const notOwned =
    specs.length === 0 ? [] : picked.filter((name) => sectionState(doc, name) !== "owned");
  const remove = expiredOnly ? owned.filter((name) => hasExpired(doc, name, now)) : owned;
  return { remove, notOwned, unmatched };
}

function hasExpired(doc: CredentialsDocument, name: string, now: Date): boolean {
  const expiry = parseExpiry(readSection(doc, name)?.get("aws_credential_expiration") ?? "");
  // A section without a readable expiry cannot be trusted to be valid either.
  return expiry === undefined || expiry.getTime() <= now.getTime();
}
