import { SendRate, type SendRateTuning } from "../../model/send-rate.js";

/** An endpoint refused every request of the run for the whole budget: the call is given up. */
export class ThrottledOut extends Error {
  override readonly name = "ThrottledOut";
  /** Requests this call sent (0 when it was still waiting for its first turn). */
  attempts = 0;

  constructor(
    readonly endpoint: string,
    readonly budgetSeconds: number,
  ) {
    super(`${endpoint} refused every request for ${budgetSeconds}s (throttling)`);
  }
}

/** How a run's AWS calls are paced. */
export interface PacerSettings {
  /** Requests in flight at most, over every endpoint. */
  readonly concurrency: number;
  /** An endpoint that refuses everything for this long is given up on (the run's --timeout). */
  readonly timeoutSeconds: number;
  /** Hears, once per run, that an endpoint throttled. */
  readonly onThrottled?: () => void;
  /** Hears that a request to `endpoint` is still waiting for its answer after a second. */
  readonly onWaiting?: (endpoint: string) => void;
  /** Milliseconds of a monotonic clock; tests pass their own. */
  readonly clock?: () => number;
  readonly tuning?: SendRateTuning;
}

/** How an attempt ended, for the endpoint's send rate. */
export type AttemptOutcome = "answered" | "throttled" | "no-answer";

/** Leave to send one request; `done` must be called once when its answer (or error) is in. */
export interface Turn {
  readonly sentAt: number;
  done(outcome: AttemptOutcome): void;
}

interface Waiter {
  readonly seq: number;
  readonly retry: boolean;
  readonly resolve: (turn: Turn) => void;
  readonly reject: (error: Error) => void;
}

interface Lane {
  readonly rate: SendRate;
  /** Retries first, then new calls, each in arrival order. */
  readonly waiting: Waiter[];
}

/**
 * The one pacing of a run, shared by every AWS call and worker: at most `concurrency` requests
 * in flight, and per endpoint (service and region) an adaptive send rate (`SendRate`). Turns go
 * to retries before new calls, so a throttled call is not starved by the queue behind it.
 */
export class Pacer {
  private readonly lanes = new Map<string, Lane>();
  private inFlight = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private throttleSaid = false;
  private readonly clock: () => number;
  private readonly budgetMs: number;

  constructor(private readonly settings: PacerSettings) {
    this.clock = settings.clock ?? (() => performance.now());
    this.budgetMs = settings.timeoutSeconds * 1000;
  }

  /** What to call when a request to `endpoint` is slow to answer (undefined: nobody watches). */
  watcher(endpoint: string): (() => void) | undefined {
    const { onWaiting } = this.settings;
    return onWaiting === undefined ? undefined : () => onWaiting(endpoint);
  }

  /** The run's --timeout, in seconds. */
  get timeoutSeconds(): number {
    return this.settings.timeoutSeconds;
  }

  /** Waits for leave to send to `endpoint`; rejects with ThrottledOut once it refused everything for the budget. */
  turn(endpoint: string, retry: boolean): Promise<Turn> {
    return new Promise<Turn>((resolve, reject) => {
      const lane = this.lane(endpoint);
      const waiter = { seq: this.seq++, retry, resolve, reject };
      const at = retry ? lane.waiting.findIndex((other) => !other.retry) : -1;
      lane.waiting.splice(at === -1 ? lane.waiting.length : at, 0, waiter);
      this.pump();
    });
  }

  /** Whether `endpoint` has refused every request for the whole budget. */
  gaveUp(endpoint: string): boolean {
    const at = this.lanes.get(endpoint)?.rate.givesUpAt(this.budgetMs);
    return at !== undefined && this.clock() >= at;
  }

  private lane(endpoint: string): Lane {
    let lane = this.lanes.get(endpoint);
    if (lane === undefined) {
      lane = { rate: new SendRate(this.settings.tuning), waiting: [] };
      this.lanes.set(endpoint, lane);
    }
    return lane;
  }

  /** Hands out every turn that is due, gives up on refusing endpoints, and sets the next wake-up. */
  private pump(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock();
    this.giveUpRefusing(now);
    while (this.inFlight < this.settings.concurrency) {
      const next = this.nextDue(now);
      if (next === undefined) break;
      next.lane.waiting.shift();
      this.start(next.lane, next.waiter, now);
    }
    this.schedule(now);
  }

  private giveUpRefusing(now: number): void {
    for (const [endpoint, lane] of this.lanes) {
      const at = lane.rate.givesUpAt(this.budgetMs);
      if (at === undefined || now < at || lane.waiting.length === 0) continue;
      for (const waiter of lane.waiting.splice(0))
        waiter.reject(new ThrottledOut(endpoint, this.settings.timeoutSeconds));
    }
  }

  /** The lane head allowed to send now that came first (retries before new calls). */
  private nextDue(now: number): { lane: Lane; waiter: Waiter } | undefined {
    let best: { lane: Lane; waiter: Waiter } | undefined;
    for (const lane of this.lanes.values()) {
      const waiter = lane.waiting[0];
      if (waiter === undefined || lane.rate.delayMs(now) > 0) continue;
      if (best === undefined || before(waiter, best.waiter)) best = { lane, waiter };
    }
    return best;
  }

  private start(lane: Lane, waiter: Waiter, now: number): void {
    this.inFlight++;
    lane.rate.sent(now);
    let finished = false;
    waiter.resolve({
      sentAt: now,
      done: (outcome) => {
        if (finished) return;
        finished = true;
        this.inFlight--;
        this.record(lane, outcome, now);
        this.pump();
      },
    });
  }

  private record(lane: Lane, outcome: AttemptOutcome, sentAt: number): void {
    const now = this.clock();
    if (outcome === "answered") lane.rate.accepted(now);
    if (outcome !== "throttled") return;
    lane.rate.throttled(sentAt, now);
    if (!this.throttleSaid) {
      this.throttleSaid = true;
      this.settings.onThrottled?.();
    }
  }

  /** Wakes up when the next paced turn is due or a refusing endpoint's budget runs out. */
  private schedule(now: number): void {
    let wake = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes.values()) {
      if (lane.waiting.length === 0) continue;
      if (this.inFlight < this.settings.concurrency)
        wake = Math.min(wake, now + lane.rate.delayMs(now));
      const at = lane.rate.givesUpAt(this.budgetMs);
      if (at !== undefined) wake = Math.min(wake, at);
    }
    if (wake === Number.POSITIVE_INFINITY) return;
    // A turn is handed out once its time has come: wake a hair late rather than early.
    this.timer = setTimeout(() => this.pump(), Math.max(0, Math.ceil(wake - now)));
  }
}

function before(a: Waiter, b: Waiter): boolean {
  if (a.retry !== b.retry) return a.retry;
  return a.seq < b.seq;
}
