/** How a send rate reacts to throttling; `SEND_RATE_TUNING` is what sso-sync uses. */
export interface SendRateTuning {
  /** After a throttle the rate drops to this share of the rate that was throttled (AIMD). */
  readonly decrease: number;
  /** It climbs back to the throttled rate in this long (linearly), then doubles each this long. */
  readonly recoveryMs: number;
  /** Never slower than this, so a throttled endpoint is still asked now and then. */
  readonly minPerSecond: number;
  /** How far back sends and accepted answers count when measuring rates. */
  readonly windowMs: number;
  /** Fewer accepted answers than this in the window say nothing about the endpoint's rate. */
  readonly minSamples: number;
  /** The throttled rate is at most this many times the rate the endpoint accepted. */
  readonly slack: number;
}

/** The tuning sso-sync uses (`npm run bench` measures it against a rate-limited fake portal). */
export const SEND_RATE_TUNING: SendRateTuning = {
  decrease: 0.9,
  recoveryMs: 1000,
  minPerSecond: 0.5,
  windowMs: 1000,
  minSamples: 5,
  slack: 1.25,
};

/**
 * The pace of sends to one endpoint, decided from its answers alone (pure: every method takes the
 * time, in milliseconds of a monotonic clock). Unlimited until the endpoint first throttles; then
 * additive increase, multiplicative decrease, as the AWS SDKs' `adaptive` retry mode and TCP do.
 * A throttle of a request sent since the last decrease lowers the rate to `decrease` times the
 * rate that was throttled: the current rate, but at most `slack` times what the endpoint accepted
 * over the last window (a rate far above it, such as the unpaced start, is not kept). The rate
 * then climbs back linearly over `recoveryMs` and keeps probing upwards until the next throttle.
 */
export class SendRate {
  private limited = false;
  /** The rate that was throttled, and the rate right after it (per second). */
  private ceiling = 0;
  private floor = 0;
  /** When the rate was last lowered; throttles of requests sent before it are old news. */
  private loweredAt = Number.NEGATIVE_INFINITY;
  private nextSendAt = Number.NEGATIVE_INFINITY;
  private firstSendAt: number | undefined;
  /** Times of sends and of accepted answers within the window, oldest first. */
  private readonly sentAt: number[] = [];
  private readonly acceptedAt: number[] = [];
  /** The last answer that was not a throttle (or the first send), and whether a throttle followed. */
  private progressAt: number | undefined;
  private refusing = false;

  constructor(private readonly tuning: SendRateTuning = SEND_RATE_TUNING) {}

  /** Sends per second allowed at `now`; undefined while the endpoint has never throttled. */
  perSecond(now: number): number | undefined {
    if (!this.limited) return undefined;
    const { recoveryMs } = this.tuning;
    const elapsed = Math.max(0, now - this.loweredAt);
    if (elapsed <= recoveryMs)
      return this.floor + ((this.ceiling - this.floor) * elapsed) / recoveryMs;
    return this.ceiling * 2 ** ((elapsed - recoveryMs) / recoveryMs);
  }

  /** Milliseconds until the next send may start (0: at once). */
  delayMs(now: number): number {
    return this.limited ? Math.max(0, this.nextSendAt - now) : 0;
  }

  /** A request was sent at `now`. */
  sent(now: number): void {
    this.firstSendAt ??= now;
    this.progressAt ??= now;
    this.sentAt.push(now);
    forgetBefore(this.sentAt, now - this.tuning.windowMs);
    const rate = this.perSecond(now);
    if (rate === undefined) return;
    const gap = 1000 / rate;
    // A timer that fires a little late does not push every later send back (no drift); an idle
    // spell earns at most one extra send.
    this.nextSendAt = Math.max(this.nextSendAt, now - gap) + gap;
  }

  /** An answer that was not a throttle arrived at `now`. */
  accepted(now: number): void {
    this.acceptedAt.push(now);
    forgetBefore(this.acceptedAt, now - this.tuning.windowMs);
    this.progressAt = now;
    this.refusing = false;
  }

  /** The request sent at `sentAt` was throttled, seen at `now`; true when this lowered the rate. */
  throttled(sentAt: number, now: number): boolean {
    this.progressAt ??= sentAt;
    this.refusing = true;
    if (sentAt < this.loweredAt) return false;
    const { minPerSecond, decrease, slack } = this.tuning;
    // Before the first throttle the rate that was throttled is the rate measured going out.
    const current = this.perSecond(now) ?? this.measured(this.sentAt, now, 1) ?? minPerSecond;
    const accepted = this.measured(this.acceptedAt, now, this.tuning.minSamples);
    const throttledAt = accepted === undefined ? current : Math.min(current, accepted * slack);
    this.ceiling = Math.max(minPerSecond, throttledAt);
    this.floor = Math.max(minPerSecond, this.ceiling * decrease);
    this.limited = true;
    this.loweredAt = now;
    this.nextSendAt = now + 1000 / this.floor;
    return true;
  }

  /**
   * When to stop retrying: `budgetMs` after the endpoint last let a request through, while it has
   * refused everything since; undefined while it is not refusing.
   */
  givesUpAt(budgetMs: number): number | undefined {
    if (!this.refusing || this.progressAt === undefined) return undefined;
    return this.progressAt + budgetMs;
  }

  /** Events per second over the window (or since the first send, when that is shorter). */
  private measured(times: number[], now: number, minSamples: number): number | undefined {
    forgetBefore(times, now - this.tuning.windowMs);
    if (times.length < minSamples) return undefined;
    const since = this.firstSendAt ?? now;
    const span = Math.min(this.tuning.windowMs, Math.max(now - since, 1));
    return (times.length * 1000) / span;
  }
}

/** Drops the times before `time` from the front of a sorted list. */
function forgetBefore(times: number[], time: number): void {
  let stale = 0;
  while (stale < times.length && (times[stale] ?? 0) < time) stale++;
  if (stale > 0) times.splice(0, stale);
}
