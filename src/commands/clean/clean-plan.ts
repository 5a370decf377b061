import { EXPIRY_KEY, MANAGED_KEYS } from "../../model/credentials-keys.js";
import { parseExpiry } from "../../model/expiry.js";
import {
  type CredentialsDocument,
  OWNER_KEY,
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
  // A section cleaned before keeps only the user's keys and the marker: nothing left to remove.
  const holding = owned.filter((name) => holdsCredentials(doc, name));
  const remove = expiredOnly ? holding.filter((name) => hasExpired(doc, name, now)) : holding;
  return { remove, notOwned, unmatched };
}

function holdsCredentials(doc: CredentialsDocument, name: string): boolean {
  const values = readSection(doc, name);
  return [...MANAGED_KEYS].some((key) => key !== OWNER_KEY && values?.has(key) === true);
}

function hasExpired(doc: CredentialsDocument, name: string, now: Date): boolean {
  const expiry = parseExpiry(readSection(doc, name)?.get(EXPIRY_KEY) ?? "");
  // A section without a readable expiry cannot be trusted to be valid either.
  return expiry === undefined || expiry.getTime() <= now.getTime();
}
