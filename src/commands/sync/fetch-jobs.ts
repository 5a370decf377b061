import type { NetworkSettings } from "../../io/aws/http-handler.js";
import type { Pacer } from "../../io/aws/pacer.js";
import { PortalClient } from "../../io/aws/portal-client.js";
import { assumeRole } from "../../io/aws/sts-client.js";
import { mapBounded } from "../../io/bounded-map.js";
import type { RoleHop } from "../../model/profile-types.js";
import type { Result } from "../../model/result.js";
import type { RoleCredentials } from "../../model/role-credentials.js";
import type { RunEvent } from "../../model/run-context.js";
import { shellWord } from "../../model/shell-word.js";
import type { ProfileResult } from "../../model/sync-result.js";
import type { Fetched } from "./sync-apply.js";
import { type FetchJob, loginNeeded } from "./sync-plan.js";

/** How to talk to the portal. */
export interface FetchSettings {
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  /** Asks the person at the terminal for an MFA code; absent in non-interactive runs. */
  readonly mfaPrompt?: (hop: RoleHop) => Promise<string | undefined>;
  /** Hears progress (one event per finished job). */
  readonly onEvent?: (event: RunEvent) => void;
  /** The run's pacing, shared by the portal and STS calls of every worker. */
  readonly pacer: Pacer;
  /** A profile's proxy and CA bundle, by profile name. */
  readonly networkOf: (profile: string) => NetworkSettings;
}

/**
 * A job's credentials, or its result when there are none: a per-profile state (a failed or
 * login-needed line of the report, and the run goes on), not a Failure.
 */
export type JobOutcome =
  | { readonly state: "fetched"; readonly fetched: Fetched }
  | { readonly state: "decided"; readonly result: ProfileResult };

const decided = (result: ProfileResult): JobOutcome => ({ state: "decided", result });

/** Fetches every job's role credentials, at most `concurrency` at a time, each distinct request once. */
export async function fetchJobs(
  jobs: readonly FetchJob[],
  settings: FetchSettings,
): Promise<JobOutcome[]> {
  if (jobs.length === 0) return [];
  // The AWS SDK is most of our start-up time: load it only when there is something to fetch.
  // One client per network setting (the profiles of one CA bundle share it).
  const portals = new Map<NetworkSettings, PortalClient>();
  const portalFor = (network: NetworkSettings) => {
    let portal = portals.get(network);
    if (portal === undefined) {
      portal = new PortalClient({
        timeoutSeconds: settings.timeoutSeconds,
        pacer: settings.pacer,
        maxSockets: settings.concurrency,
        env: settings.env,
        network,
      });
      portals.set(network, portal);
    }
    return portal;
  };
  const requests = new Map<string, Promise<Result<RoleCredentials>>>();
  const fetchOnce = (job: FetchJob) => {
    const { ssoRegion, accountId, roleName } = job.profile;
    const network = settings.networkOf(job.profile.name);
    // Profiles that share token, account, role and network share one request.
    const key = JSON.stringify([
      job.token.accessToken,
      ssoRegion,
      accountId,
      roleName,
      network.ca?.path,
    ]);
    let request = requests.get(key);
    if (request === undefined) {
      const portal = portalFor(network);
      request = portal.getRoleCredentials(ssoRegion, job.token.accessToken, accountId, roleName);
      requests.set(key, request);
    }
    return request;
  };
  const progress = (done: number, total: number) =>
    settings.onEvent?.({ kind: "progress", done, total });
  try {
    return await mapBounded(
      jobs,
      settings.concurrency,
      async (job) => {
        const root = await fetchOnce(job);
        const chain = job.profile.chain;
        if (!root.ok || chain === undefined) return toOutcome(job, root);
        return assumeChain(job, root.value, chain, settings);
      },
      progress,
    );
  } finally {
    for (const portal of portals.values()) portal.destroy();
  }
}

/** Walks a chained profile's hops from the SSO role outwards, each signed by the one before. */
async function assumeChain(
  job: FetchJob,
  start: RoleCredentials,
  chain: readonly RoleHop[],
  settings: FetchSettings,
): Promise<JobOutcome> {
  let credentials = start;
  for (const hop of chain) {
    let mfaCode: string | undefined;
    if (hop.mfaSerial !== undefined) {
      mfaCode = await settings.mfaPrompt?.(hop);
      if (mfaCode === undefined) return decided(mfaNeeded(job, hop));
    }
    const settingsForHop = {
      timeoutSeconds: settings.timeoutSeconds,
      now: settings.now,
      pacer: settings.pacer,
      network: settings.networkOf(job.profile.name),
    };
    const result = await assumeRole(
      credentials,
      hop,
      mfaCode === undefined ? settingsForHop : { ...settingsForHop, mfaCode },
    );
    if (!result.ok) return toOutcome(job, result);
    credentials = result.value;
  }
  return { state: "fetched", fetched: { job, credentials } };
}

/** A hop with mfa_serial in a run without a person: skipped, with what to run instead. */
function mfaNeeded(job: FetchJob, hop: RoleHop): ProfileResult {
  return {
    profile: job.target.profileName,
    section: job.target.section,
    status: "login-needed",
    reason: `role ${hop.roleArn} needs an MFA code (mfa_serial ${hop.mfaSerial}) and nobody is at a terminal`,
    tokenKey: `mfa:${job.target.profileName}`,
    loginCommand: `sso-sync --profile ${shellWord(job.target.profileName)} (at a terminal, to type the code)`,
  };
}

function toOutcome(job: FetchJob, result: Result<RoleCredentials>): JobOutcome {
  if (result.ok) return { state: "fetched", fetched: { job, credentials: result.value } };
  if (result.failure.kind === "login")
    return decided(loginNeeded(job.target, job.profile, result.failure.message));
  return decided({
    profile: job.target.profileName,
    section: job.target.section,
    status: "failed",
    failure: result.failure.cause ?? "portal",
    reason: result.failure.message,
  });
}
