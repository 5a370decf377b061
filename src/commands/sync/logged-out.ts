import { join } from "node:path";
import { tokenFilePresent } from "../../io/files/token-file.js";
import type { ProfileResult } from "../../model/sync-result.js";
import { tokenCacheFileName } from "../../model/token-file-name.js";
import type { Fetched } from "./sync-apply.js";
import { loginNeeded } from "./sync-plan.js";

/**
 * The fetched jobs whose session is still logged in, and a login-needed result for each of the
 * others: a logout removes the token file (under the token's lock) before it cleans the sections,
 * so a write made after that removal would outlive the logout. Synchronous, for the credentials
 * file's edit under its lock: a logout that removes the file later cleans after this write.
 */
export function dropLoggedOut(
  fetched: readonly Fetched[],
  cacheDir: string,
): { readonly kept: Fetched[]; readonly results: ProfileResult[] } {
  const kept: Fetched[] = [];
  const results: ProfileResult[] = [];
  for (const item of fetched) {
    const { profile, target } = item.job;
    if (tokenFilePresent(join(cacheDir, tokenCacheFileName(profile.tokenKey)))) kept.push(item);
    else results.push(loginNeeded(target, profile, "the SSO session was logged out meanwhile"));
  }
  return { kept, results };
}
