import { sectionEntries } from "../../model/credentials-keys.js";
import { parseExpiry } from "../../model/expiry.js";
import { type CredentialsDocument, writeOwnedSection } from "../../model/ini-document.js";
import type { RoleCredentials } from "../../model/role-credentials.js";
import type { ProfileResult } from "../../model/sync-result.js";
import type { FetchJob } from "./sync-plan.js";
import { duplicateReason, unownedReason } from "./sync-plan.js";

/** A job whose credentials arrived. */
export interface Fetched {
  readonly job: FetchJob;
  readonly credentials: RoleCredentials;
}

/** The edited document, one result per fetched job, and whether a section was taken over. */
export interface Applied {
  readonly doc: CredentialsDocument;
  readonly results: readonly ProfileResult[];
  readonly tookOver: boolean;
}

/** Writes every fetched job into the document read under the lock; pure. */
export function applyFetched(
  doc: CredentialsDocument,
  fetched: readonly Fetched[],
  takeOver: boolean,
  credentialsFile: string,
): Applied {
  let current = doc;
  let tookOver = false;
  const results = fetched.map(({ job, credentials }): ProfileResult => {
    const base = { profile: job.target.profileName, section: job.target.section };
    const entries = sectionEntries(credentials, job.profile.name);
    const written = writeOwnedSection(current, job.target.section, entries, takeOver);
    if (!written.ok) {
      // Another process changed the file between planning and the lock.
      const reason =
        written.reason === "unowned"
          ? unownedReason(job.target, credentialsFile)
          : duplicateReason(job.target.section, credentialsFile);
      return { ...base, status: "failed", failure: written.reason, reason };
    }
    current = written.doc;
    tookOver ||= written.action === "took-over";
    return {
      ...base,
      status: "synced",
      action: written.action,
      expiration: credentials.expiration,
    };
  });
  return { doc: current, results, tookOver };
}

/** The credentials an owned section holds (the inverse of sectionEntries), when it is complete. */
export function sectionCredentials(
  values: ReadonlyMap<string, string> | undefined,
): RoleCredentials | undefined {
  const accessKeyId = values?.get("aws_access_key_id");
  const secretAccessKey = values?.get("aws_secret_access_key");
  const sessionToken = values?.get("aws_session_token");
  const expiration = parseExpiry(values?.get("aws_credential_expiration") ?? "");
  if (!accessKeyId || !secretAccessKey || !sessionToken || expiration === undefined)
    return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}
