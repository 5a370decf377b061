import { createHash } from "node:crypto";

/** The cache file name the AWS CLI uses: SHA1 of the exact start URL or sso-session name. */
export function tokenCacheFileName(tokenKey: string): string {
  return `${createHash("sha1").update(tokenKey, "utf8").digest("hex")}.json`;
}
