import { join } from "node:path";
import type { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { registerClient } from "../../io/aws/oidc-login.js";
import { writeFileAtomic } from "../../io/files/atomic-write.js";
import { MAX_FILE_BYTES, readRegularFile } from "../../io/files/regular-file.js";
import {
  type Registration,
  type RegistrationFlow,
  type RegistrationKey,
  registrationCacheFileName,
  registrationCacheText,
  registrationScopes,
  reusableRegistration,
} from "../../model/login-cache.js";

/**
 * The cached registration when it is of this flow and still good for 15 minutes (as botocore
 * decides), else a new one, cached under the name the AWS CLI uses so both share it.
 */
export async function registrationFor(
  client: SSOOIDCClient,
  key: RegistrationKey,
  cacheDir: string,
  flow: RegistrationFlow,
  now: Date,
  signal?: AbortSignal,
): Promise<Registration> {
  const path = join(cacheDir, registrationCacheFileName(key));
  const cached = await readRegularFile(path, MAX_FILE_BYTES).then(
    (read) => reusableRegistration(read.bytes.toString("utf8"), now, flow),
    () => undefined,
  );
  if (cached !== undefined) return cached;
  // The AWS CLI names the client after the session, or a timestamp for a legacy profile.
  const name = `botocore-client-${key.sessionName ?? Math.floor(now.getTime() / 1000)}`;
  const pkce = flow === "pkce" ? { issuerUrl: key.startUrl } : undefined;
  const registration = await registerClient(
    client,
    name,
    registrationScopes(key),
    now,
    pkce,
    signal,
  );
  await writeFileAtomic(path, registrationCacheText(registration));
  return registration;
}
