import type { EndpointAnswer } from "../../io/aws/credentials-server.js";
import { renewalMinValidityMs, renewalTime, retryDelayMs } from "../../model/renewal.js";
import type { RoleCredentials } from "../../model/role-credentials.js";
import { type CommandContext, unwatched } from "../../model/run-context.js";
import type { SyncReport } from "../../model/sync-result.js";
import { printSyncReport } from "../sync/print-report.js";
import { containerJson } from "./env-format.js";
import { type ServeOptions, serveCredentials } from "./serve-credentials.js";

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
  // The child owns the terminal now: no prompts, no progress lines, no login of our own.
  const { mfaPrompt: _noPrompt, ...quiet } = unwatched(context);
  let held = first;
  let obtained = context.now();
  let problem: EndpointAnswer | undefined;
  let said = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  let stopped = false;

  const schedule = (delayMs: number | undefined) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (stopped || delayMs === undefined) return;
    timer = setTimeout(() => void renew(), Math.max(0, delayMs));
    timer.unref();
  };
  const leftMs = () => held.expiration.getTime() - context.now().getTime();
  const renewOnce = async () => {
    const minValidityMs = renewalMinValidityMs(obtained, held.expiration);
    const served = await serveCredentials(
      { ...options, minValidityMs, force: false, login: false },
      quiet,
    );
    if (served.ok) {
      held = served.credentials;
      obtained = context.now();
      problem = undefined;
      said = new Set();
      schedule(renewalTime(obtained, held.expiration).getTime() - obtained.getTime());
      return;
    }
    problem = failureAnswer(served.report);
    failedAt = context.now().getTime();
    await sayOnce(served.report);
    schedule(retryDelayMs(leftMs()));
  };
  const sayOnce = async (report: SyncReport) => {
    const key = JSON.stringify(failureAnswer(report).body);
    if (said.has(key)) return;
    said.add(key);
    await printSyncReport(report, { json: false, quiet: true }, context.console, context.now());
  };
  const renew = () => {
    running ??= renewOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  schedule(renewalTime(obtained, held.expiration).getTime() - obtained.getTime());
  return {
    async answer() {
      // Expired (a renewal failed, or the machine slept past the timer): try now, once for all
      // waiting requests, and not again within RETRY_AFTER_FAILURE_MS (SDKs retry at once).
      const sinceFailure = context.now().getTime() - failedAt;
      if (leftMs() <= 0 && sinceFailure >= RETRY_AFTER_FAILURE_MS) await renew();
      if (leftMs() > 0) return { status: 200, body: containerJson(held) };
      return problem ?? { status: 503, body: { Code: "Expired", Message: "renewing" } };
    },
    stop() {
      stopped = true;
      schedule(undefined);
    },
  };
}

/** The error body for a renewal that failed: the SDKs show `Message` (botocore and the CLI in full). */
function failureAnswer(report: SyncReport): EndpointAnswer {
  const result = report.results.find((each) => each.status !== "synced" && each.status !== "fresh");
  if (result?.status === "login-needed")
    return {
      status: 503,
      body: {
        Code: "LoginNeeded",
        Message: `sso-sync: login needed for ${result.profile}: ${result.reason}; run: ${result.loginCommand}`,
      },
    };
  const message = report.fatal?.message ?? result?.reason ?? "the credentials could not be renewed";
  return { status: 503, body: { Code: "RenewalFailed", Message: `sso-sync: ${message}` } };
}
