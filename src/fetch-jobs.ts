import { mapBounded } from "./bounded-map.js";
import type { FetchResult } from "./portal-client.js";
import type { Fetched } from "./sync-apply.js";
import { type FetchJob, loginNeeded } from "./sync-plan.js";
import type { ProfileResult } from "./sync-result.js";

/** How to talk to the portal. */
export interface FetchSettings {
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

// Throttling, 5xx and network errors get three retries with the SDK's backoff.
const MAX_ATTEMPTS = 4;

/** Fetches every job's role credentials, at most `concurrency` at a time, each distinct request once. */
export async function fetchJobs(
  jobs: readonly FetchJob[],
  settings: FetchSettings,
): Promise<Array<Fetched | ProfileResult>> {
  if (jobs.length === 0) return [];
  // The AWS SDK is most of our start-up time: load it only when there is something to fetch.
  const { PortalClient } = await import("./portal-client.js");
  const portal = new PortalClient({
    timeoutSeconds: settings.timeoutSeconds,
    maxAttempts: MAX_ATTEMPTS,
    maxSockets: settings.concurrency,
    env: settings.env,
  });
  const requests = new Map<string, Promise<FetchResult>>();
  const fetchOnce = (job: FetchJob) => {
    const { ssoRegion, accountId, roleName } = job.profile;
    // Profiles that share token, account and role share one request.
    const key = JSON.stringify([job.token.accessToken, ssoRegion, accountId, roleName]);
    let request = requests.get(key);
    if (request === undefined) {
      request = portal.getRoleCredentials(ssoRegion, job.token.accessToken, accountId, roleName);
      requests.set(key, request);
    }
    return request;
  };
  try {
    return await mapBounded(jobs, settings.concurrency, async (job) =>
      toOutcome(job, await fetchOnce(job)),
    );
  } finally {
    portal.destroy();
  }
}

function toOutcome(job: FetchJob, result: FetchResult): Fetched | ProfileResult {
  if (result.ok) return { job, credentials: result.credentials };
  if (result.failure.kind === "login-needed") {
    return loginNeeded(job.target, job.profile, result.failure.message);
  }
  return {
    profile: job.target.profileName,
    section: job.target.section,
    status: "failed",
    failure: result.failure.kind,
    reason: result.failure.message,
  };
}
