import { EXPIRY_KEY, sectionEntries } from "../../model/credentials-keys.js";
import { parseExpiry } from "../../model/expiry.js";
import type { IniDocument } from "../../model/ini-document.js";
import { type SectionWrite, writeOwnedSections } from "../../model/ini-editor.js";
import { valueProblem } from "../../model/ini-writable.js";
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
  readonly doc: IniDocument;
  readonly results: readonly ProfileResult[];
  readonly tookOver: boolean;
}

/** Writes every fetched job into the document read under the lock, in one pass; pure. */
export function applyFetched(
  doc: IniDocument,
  fetched: readonly Fetched[],
  takeOver: boolean,
  credentialsFile: string,
): Applied {
  const writable: Array<{ fetched: Fetched; write: SectionWrite }> = [];
  const refused = new Map<Fetched, ProfileResult>();
  for (const item of fetched) {
    const entries = sectionEntries(item.credentials, item.job.profile.name);
    const unwritable = entries.find(([, value]) => valueProblem(value) !== undefined);
    if (unwritable === undefined)
      writable.push({ fetched: item, write: { name: item.job.target.section, entries } });
    else refused.set(item, unwritableResult(item, unwritable[0], unwritable[1]));
  }
  const written = writeOwnedSections(
    doc,
    writable.map((item) => item.write),
    takeOver,
  );
  const outcomes = new Map(writable.map((item, index) => [item.fetched, written.outcomes[index]]));
  let tookOver = false;
  const results = fetched.map((item): ProfileResult => {
    const { job, credentials } = item;
    const base = { profile: job.target.profileName, section: job.target.section };
    const outcome = outcomes.get(item);
    if (outcome === undefined) return refused.get(item) as ProfileResult;
    if (outcome.action === "refused") {
      // Another process changed the file between planning and the lock.
      const reason =
        outcome.reason === "unowned"
          ? unownedReason(job.target, credentialsFile)
          : duplicateReason(job.target.section, credentialsFile);
      return { ...base, status: "failed", failure: outcome.reason, reason };
    }
    tookOver ||= outcome.action === "took-over";
    return {
      ...base,
      status: "synced",
      action: outcome.action,
      expiration: credentials.expiration,
    };
  });
  return { doc: written.doc, results, tookOver };
}

/** A value from the portal botocore could not read back as it is: that profile fails alone. */
function unwritableResult({ job }: Fetched, key: string, value: string): ProfileResult {
  return {
    profile: job.target.profileName,
    section: job.target.section,
    status: "failed",
    failure: "portal",
    reason: `the portal's ${key} for [${job.target.section}] cannot be written so the AWS CLI reads it back (${valueProblem(value)}); nothing was written for it`,
  };
}

/** The credentials an owned section holds (the inverse of sectionEntries), when it is complete. */
export function sectionCredentials(
  values: ReadonlyMap<string, string> | undefined,
): RoleCredentials | undefined {
  const accessKeyId = values?.get("aws_access_key_id");
  const secretAccessKey = values?.get("aws_secret_access_key");
  const sessionToken = values?.get("aws_session_token");
  const expiration = parseExpiry(values?.get(EXPIRY_KEY) ?? "");
  if (!accessKeyId || !secretAccessKey || !sessionToken || expiration === undefined)
    return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}
