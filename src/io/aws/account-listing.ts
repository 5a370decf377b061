import type { AccountAssignments } from "../../model/assignments.js";
import { failed, ok, type Result } from "../../model/result.js";
import { mapBounded } from "../bounded-map.js";
import type { NetworkSettings } from "./http-handler.js";
import type { Pacer } from "./pacer.js";
import { PortalClient } from "./portal-client.js";

/** How to list: the same bound, pacing and timeout as sync. */
export interface ListingSettings {
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The run's pacing, shared with the token refresh before the listing. */
  readonly pacer: Pacer;
  readonly network: NetworkSettings;
}

/** Every account and role of a token (ListAccounts, then ListAccountRoles per account, bounded). */
export async function listAssignments(
  region: string,
  accessToken: string,
  settings: ListingSettings,
): Promise<Result<AccountAssignments[]>> {
  const portal = new PortalClient({
    timeoutSeconds: settings.timeoutSeconds,
    pacer: settings.pacer,
    maxSockets: settings.concurrency,
    env: settings.env,
    network: settings.network,
  });
  try {
    const accounts = await portal.listAccounts(region, accessToken);
    if (!accounts.ok) return accounts;
    const listed = await mapBounded(accounts.value, settings.concurrency, async (account) => ({
      account,
      roles: await portal.listAccountRoles(region, accessToken, account.accountId),
    }));
    const unlisted = listed.find((entry) => !entry.roles.ok);
    if (unlisted !== undefined && !unlisted.roles.ok) return failed(unlisted.roles.failure);
    const result = listed.map(({ account, roles }) => ({
      ...account,
      roles: roles.ok ? [...roles.value].sort() : [],
    }));
    result.sort((a, b) => a.accountId.localeCompare(b.accountId));
    return ok(result);
  } finally {
    portal.destroy();
  }
}
