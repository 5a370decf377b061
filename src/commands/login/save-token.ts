import { writeFileAtomic } from "../../io/files/atomic-write.js";
import type { FileIdentity } from "../../io/files/regular-file.js";
import {
  readTokenVersion,
  TokenFileChangedError,
  type TokenVersion,
  tokenFilePresent,
  writeTokenVersion,
} from "../../io/files/token-file.js";
import type { RegistrationKey } from "../../model/login-cache.js";
import { assessToken } from "../../model/sso-token.js";

// A token another run just wrote is used when it is valid for longer than botocore's refresh window.
const FRESH_MS = 15 * 60_000;

// A login that finds the token file rewritten under it (by `aws sso login`) looks again this often.
const ATTEMPTS = 3;

/** The token file as it is now, or undefined when there is none or it cannot be read. */
export function currentToken(tokenPath: string): Promise<TokenVersion | undefined> {
  return readTokenVersion(tokenPath).catch(() => undefined);
}

/** Whether a cached token serves this start URL and region for 15 minutes or more. */
export function freshFor(
  version: TokenVersion | undefined,
  key: RegistrationKey,
  now: Date,
  isSession: boolean,
): boolean {
  if (version === undefined) return false;
  const judged = assessToken(version.text, now, isSession);
  if (judged.kind !== "use" || judged.token.expiresAt.getTime() - now.getTime() <= FRESH_MS)
    return false;
  try {
    const data = JSON.parse(version.text) as { startUrl?: unknown; region?: unknown };
    // A token got before sso_start_url or sso_region changed is no reason to skip a login.
    return data.startUrl === key.startUrl && data.region === key.region;
  } catch {
    return false;
  }
}

/**
 * Writes a new login's token over the version read before the sign-in. When another program
 * (`aws sso login`, which takes no lock of ours) wrote a token meanwhile that serves this start
 * URL for 15 minutes or more, that one stays ("kept"); anything else there is replaced.
 */
export async function saveLoginToken(
  tokenPath: string,
  text: string,
  read: FileIdentity | undefined,
  judge: (version: TokenVersion | undefined) => boolean,
  assertHeld: () => void,
): Promise<"written" | "kept"> {
  let expected = read;
  for (let attempt = 1; ; attempt++) {
    try {
      await writeTokenVersion(tokenPath, text, expected, assertHeld);
      return "written";
    } catch (error) {
      if (!(error instanceof TokenFileChangedError) || attempt >= ATTEMPTS) throw error;
    }
    const now = await currentToken(tokenPath);
    if (judge(now)) return "kept";
    // Something unreadable is in the way (a directory): the plain write says what it is.
    if (now === undefined && tokenFilePresent(tokenPath)) {
      await writeFileAtomic(tokenPath, text, () => assertHeld());
      return "written";
    }
    expected = now?.identity;
  }
}
