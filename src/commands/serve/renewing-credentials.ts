import type { EndpointAnswer } from "../../io/aws/credentials-server.js";
import { renewalDelayMs, renewalMinValidityMs, retryDelayMs } from "../../model/renewal.js";
import type { RoleCredentials } from "../../model/role-credentials.js";
import { type CommandContext, type RunContext, unwatched } from "../../model/run-context.js";
import type { SyncReport } from "../../model/sync-result.js";
import { printSyncReport } from "../sync/print-report.js";
import { containerJson } from "./env-format.js";
import { type ServeOptions, serveCredentials } from "./serve-credentials.js";

// SDKs retry a refused request at once (botocore three times): one renewal attempt serves them all.
const RETRY_AFTER_FAILURE_MS = 2_000;

/** Credentials kept valid for an endpoint: renewed ahead of expiry, answered from memory. */
export interface RenewingCredentials {
  /** What the endpoint answers now: the credentials, or the error that says why there are none. */
  answer(): Promise<EndpointAnswer>;
  /** Stops renewing. */
  stop(): void;
}

/**
 * Renews `first` the way `sync` would (the same token refresh, portal call and STS hops, the
 * section written under the lock) before it expires. A failed renewal is said once on stderr,
 * retried while the credentials held are valid, and then answered as an error the SDKs report.
 */
export function renewingCredentials(
  first: RoleCredentials,
  options: ServeOptions,
  context: CommandContext,
): RenewingCredentials {
  const renewal = new Renewal(first, options, context);
  return { answer: () => renewal.answer(), stop: () => renewal.stop() };
}

class Renewal {
  private obtained: Date;
  private problem: EndpointAnswer | undefined;
  private said = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failedAt = Number.NEGATIVE_INFINITY;
  private stopped = false;
  // The child owns the terminal now: no prompts, no progress lines, no login of our own.
  private readonly quiet: RunContext;

  constructor(
    private held: RoleCredentials,
    private readonly options: ServeOptions,
    private readonly context: CommandContext,
  ) {
    const { mfaPrompt: _noPrompt, ...quiet } = unwatched(context);
    this.quiet = quiet;
    this.obtained = context.now();
    this.schedule(renewalDelayMs(this.obtained, held.expiration));
  }

  async answer(): Promise<EndpointAnswer> {
    // Expired (a renewal failed, or the machine slept past the timer): try now.
    const sinceFailure = this.context.now().getTime() - this.failedAt;
    if (this.leftMs() <= 0 && sinceFailure >= RETRY_AFTER_FAILURE_MS) await this.renew();
    if (this.leftMs() > 0) return { status: 200, body: containerJson(this.held) };
    return this.problem ?? failure("Expired", "the credentials expired before they were renewed");
  }

  stop(): void {
    this.stopped = true;
    this.schedule(undefined);
  }

  private leftMs(): number {
    return this.held.expiration.getTime() - this.context.now().getTime();
  }

  private schedule(delayMs: number | undefined): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || delayMs === undefined) return;
    this.timer = setTimeout(() => void this.renew(), Math.max(0, delayMs));
    this.timer.unref();
  }

  /** One renewal at a time, shared by the timer and every request waiting for it; never rejects. */
  private renew(): Promise<void> {
    this.running ??= this.renewOnce()
      .catch((error: unknown) => this.failed(failure("RenewalFailed", internalText(error))))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async renewOnce(): Promise<void> {
    const minValidityMs = renewalMinValidityMs(this.obtained, this.held.expiration);
    const served = await serveCredentials(
      { ...this.options, minValidityMs, force: false, login: false },
      this.quiet,
    );
    if (served.state === "reported")
      return this.failed(failureAnswer(served.report), served.report);
    this.held = served.credentials;
    this.obtained = this.context.now();
    this.problem = undefined;
    this.said = new Set();
    this.schedule(renewalDelayMs(this.obtained, this.held.expiration));
  }

  /** Keeps the answer for when the credentials expire, says it once, and tries again later. */
  private async failed(answer: EndpointAnswer, report?: SyncReport): Promise<void> {
    this.problem = answer;
    this.failedAt = this.context.now().getTime();
    this.schedule(retryDelayMs(this.leftMs()));
    const key = JSON.stringify(answer.body);
    if (this.said.has(key)) return;
    this.said.add(key);
    const { console } = this.context;
    if (report === undefined) console.err(`${(answer.body as { Message: string }).Message}\n`);
    else await printSyncReport(report, { json: false, quiet: true }, console, this.context.now());
  }
}

function failure(code: string, message: string): EndpointAnswer {
  return { status: 503, body: { Code: code, Message: `sso-sync: ${message}` } };
}

function internalText(error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `internal error while renewing the credentials: ${why}`;
}

/** The error for a renewal that failed: the SDKs show `Message` (botocore and the CLI in full). */
function failureAnswer(report: SyncReport): EndpointAnswer {
  const result = report.results.find((each) => each.status !== "synced" && each.status !== "fresh");
  if (result?.status === "login-needed")
    return failure(
      "LoginNeeded",
      `login needed for ${result.profile}: ${result.reason}; run: ${result.loginCommand}`,
    );
  const message = report.fatal?.message ?? result?.reason ?? "the credentials could not be renewed";
  return failure("RenewalFailed", message);
}
