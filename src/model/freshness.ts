import { EXPIRY_KEY } from "./credentials-keys.js";
import { parseExpiry } from "./expiry.js";
import { type CredentialsDocument, OWNER_KEY, readSection, sectionState } from "./ini-document.js";
import { markerText } from "./ini-writable.js";
import { isResolved, type SyncTarget } from "./profile-selection.js";
import type { ProfileResult } from "./sync-result.js";

/** The expiry of an owned section that this profile wrote and that is complete, else undefined. */
export function ownedExpiry(doc: CredentialsDocument, target: SyncTarget): Date | undefined {
  if (!isResolved(target.profile) || sectionState(doc, target.section) !== "owned")
    return undefined;
  const values = readSection(doc, target.section);
  // A section another profile wrote (the --profile SRC:DEST mapping changed) is not fresh for this one.
  if (values === undefined || markerText(values.get(OWNER_KEY) ?? "") !== target.profile.name)
    return undefined;
  const complete = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"].every(
    (key) => (values.get(key) ?? "") !== "",
  );
  const expiry = values.get(EXPIRY_KEY);
  return complete && expiry !== undefined ? parseExpiry(expiry) : undefined;
}

/** Targets split into those whose section is valid for at least `minValidityMs` and the rest. */
export function partitionFresh(
  targets: readonly SyncTarget[],
  doc: CredentialsDocument,
  now: Date,
  minValidityMs: number,
): { fresh: ProfileResult[]; stale: SyncTarget[] } {
  const fresh: ProfileResult[] = [];
  const stale: SyncTarget[] = [];
  for (const target of targets) {
    const expiry = ownedExpiry(doc, target);
    if (expiry !== undefined && expiry.getTime() - now.getTime() >= minValidityMs) {
      fresh.push({
        profile: target.profileName,
        section: target.section,
        status: "fresh",
        expiration: expiry,
      });
    } else {
      stale.push(target);
    }
  }
  return { fresh, stale };
}
