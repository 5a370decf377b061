// botocore renews refreshable credentials 15 minutes before they expire (its advisory window)
// and the JavaScript SDK 5 minutes before: credentials the endpoint hands out should outlast both.
const ADVISORY_MS = 15 * 60_000;

/** Bounds for retrying a renewal that failed while the credentials held are still valid. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 60_000;

/** How long before `expiration` to renew credentials that lived `lifetimeMs`: 15 minutes, or half of a shorter life. */
export function renewalLeadMs(lifetimeMs: number): number {
  return Math.max(0, Math.min(ADVISORY_MS, lifetimeMs / 2));
}

/** When to renew credentials obtained at `obtained` that expire at `expiration`. */
export function renewalTime(obtained: Date, expiration: Date): Date {
  const lifetime = expiration.getTime() - obtained.getTime();
  return new Date(expiration.getTime() - renewalLeadMs(lifetime));
}

/**
 * How long after `obtained` to renew; at least RETRY_MIN_MS, so credentials that arrive already
 * expired (a clock far off the portal's) cannot send the renewals into a loop.
 */
export function renewalDelayMs(obtained: Date, expiration: Date): number {
  return Math.max(RETRY_MIN_MS, renewalTime(obtained, expiration).getTime() - obtained.getTime());
}

/**
 * The validity a section must have to be served instead of renewed: twice the lead, so the
 * section being renewed (about one lead left) is fetched again, while one another sync wrote a
 * moment ago (a full life left) is taken as it is.
 */
export function renewalMinValidityMs(obtained: Date, expiration: Date): number {
  return 2 * renewalLeadMs(expiration.getTime() - obtained.getTime());
}

/** How long to wait before trying a failed renewal again, `leftMs` before the credentials expire; undefined once expired. */
export function retryDelayMs(leftMs: number): number | undefined {
  if (leftMs <= 0) return undefined;
  return Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, leftMs / 4));
}
