import type { SSOClient } from "@aws-sdk/client-sso";
import type { PortalAccount } from "../../model/assignments.js";
import { failed, ok, profileFailure, type Result } from "../../model/result.js";
import type { RoleCredentials } from "../../model/role-credentials.js";
import { httpHandler, type NetworkSettings } from "./http-handler.js";
import { pacedCall } from "./paced-call.js";
import type { Pacer } from "./pacer.js";
import { classifyPortalError, portalEndpoint, portalFailure } from "./portal-errors.js";

/** How patient to be with the portal. */
export interface PortalSettings {
  /** The run's --timeout (see pacedCall for what it bounds). */
  readonly timeoutSeconds: number;
  /** The run's pacing: every attempt waits for its turn there, and retries are decided there. */
  readonly pacer: Pacer;
  readonly maxSockets: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The proxy and CA bundle of the profiles this client serves. */
  readonly network: NetworkSettings;
}

/** Fetches role credentials over the real SSO client, one client per SSO region. */
export class PortalClient {
  private readonly clients = new Map<string, Promise<SSOClient>>();
  private readonly created: SSOClient[] = [];

  constructor(private readonly settings: PortalSettings) {}

  /** GetRoleCredentials for one account and role; never throws. */
  async getRoleCredentials(
    region: string,
    accessToken: string,
    accountId: string,
    roleName: string,
  ): Promise<Result<RoleCredentials>> {
    const request = {
      region,
      endpoint: portalEndpoint(region, this.settings.env),
      accountId,
      roleName,
    };
    try {
      const { GetRoleCredentialsCommand } = await import("@aws-sdk/client-sso");
      const output = await this.paced(region, (client, abortSignal) =>
        client.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }), {
          abortSignal,
        }),
      );
      const credentials = toRoleCredentials(output.roleCredentials);
      if (credentials !== undefined) return ok(credentials);
      return failed(
        profileFailure(
          `the SSO portal for ${region} (${request.endpoint}) returned incomplete credentials`,
          "portal",
        ),
      );
    } catch (error) {
      return this.failure(error, request);
    }
  }

  /** ListAccounts, every page; never throws. */
  async listAccounts(region: string, accessToken: string): Promise<Result<PortalAccount[]>> {
    return this.paginate(region, "", "", async (nextToken) => {
      const { ListAccountsCommand } = await import("@aws-sdk/client-sso");
      const page = await this.paced(region, (client, abortSignal) =>
        client.send(new ListAccountsCommand({ accessToken, maxResults: 100, nextToken }), {
          abortSignal,
        }),
      );
      const items = (page.accountList ?? []).flatMap((account) =>
        account.accountId === undefined
          ? []
          : [
              {
                accountId: account.accountId,
                accountName: account.accountName ?? "",
                emailAddress: account.emailAddress ?? "",
              },
            ],
      );
      return { items, nextToken: page.nextToken };
    });
  }

  /** ListAccountRoles for one account, every page; never throws. */
  async listAccountRoles(
    region: string,
    accessToken: string,
    accountId: string,
  ): Promise<Result<string[]>> {
    return this.paginate(region, accountId, "", async (nextToken) => {
      const { ListAccountRolesCommand } = await import("@aws-sdk/client-sso");
      const page = await this.paced(region, (client, abortSignal) =>
        client.send(
          new ListAccountRolesCommand({ accessToken, accountId, maxResults: 100, nextToken }),
          { abortSignal },
        ),
      );
      const items = (page.roleList ?? []).flatMap((role) => role.roleName ?? []);
      return { items, nextToken: page.nextToken };
    });
  }

  private async paginate<T>(
    region: string,
    accountId: string,
    roleName: string,
    fetchPage: (
      nextToken: string | undefined,
    ) => Promise<{ items: T[]; nextToken: string | undefined }>,
  ): Promise<Result<T[]>> {
    const request = {
      region,
      endpoint: portalEndpoint(region, this.settings.env),
      accountId,
      roleName,
    };
    const items: T[] = [];
    let nextToken: string | undefined;
    try {
      // Each page is a call of its own; a token that never ends the listing is a portal bug.
      for (let pages = 0; pages < 10_000; pages++) {
        const page = await fetchPage(nextToken);
        items.push(...page.items);
        nextToken = page.nextToken || undefined;
        if (nextToken === undefined) return ok(items);
      }
      return failed(
        profileFailure(`the SSO portal for ${region} never ended its listing`, "portal"),
      );
    } catch (error) {
      return this.failure(error, request);
    }
  }

  private failure<T>(
    error: unknown,
    request: Parameters<typeof classifyPortalError>[1],
  ): Result<T> {
    const { timeoutSeconds, network } = this.settings;
    return failed(portalFailure(classifyPortalError(error, request, timeoutSeconds, network)));
  }

  /** Closes every connection so the process can exit at once. */
  destroy(): void {
    for (const client of this.created) client.destroy();
    this.created.length = 0;
    this.clients.clear();
  }

  /** One portal call in `region`, paced and retried by the run's pacer. */
  private async paced<T>(
    region: string,
    call: (client: SSOClient, abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const client = await this.client(region);
    return pacedCall(this.settings.pacer, `portal ${region}`, (signal) => call(client, signal));
  }

  /** One client per region, made once even when many calls ask for it at the same time. */
  private client(region: string): Promise<SSOClient> {
    let client = this.clients.get(region);
    if (client === undefined) {
      client = this.newClient(region);
      this.clients.set(region, client);
    }
    return client;
  }

  private async newClient(region: string): Promise<SSOClient> {
    const { SSOClient } = await import("@aws-sdk/client-sso");
    const client = new SSOClient({
      region,
      // One attempt per send: the pacer decides about retries, for every call of the run.
      maxAttempts: 1,
      requestHandler: await httpHandler(
        { timeoutSeconds: this.settings.timeoutSeconds, maxSockets: this.settings.maxSockets },
        this.settings.network,
      ),
    });
    this.created.push(client);
    return client;
  }
}

const SAFE_VALUE = /^[\x21-\x7e]+$/;

function toRoleCredentials(raw: object | undefined): RoleCredentials | undefined {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = (raw ?? {}) as Record<
    string,
    unknown
  >;
  const strings = [accessKeyId, secretAccessKey, sessionToken];
  // A value with a line break or space would corrupt the INI file; refuse it rather than write it.
  if (!strings.every((value) => typeof value === "string" && SAFE_VALUE.test(value)))
    return undefined;
  // The portal sends expiration in epoch milliseconds.
  if (typeof expiration !== "number" || !Number.isFinite(expiration) || expiration <= 0)
    return undefined;
  // Beyond ±8.64e15 ms a Date is invalid and could not be written as a timestamp: refuse it here,
  // so this profile fails alone instead of the whole write.
  if (Number.isNaN(new Date(expiration).getTime())) return undefined;
  return {
    accessKeyId: accessKeyId as string,
    secretAccessKey: secretAccessKey as string,
    sessionToken: sessionToken as string,
    expiration: new Date(expiration),
  };
}
