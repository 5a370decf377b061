import type { RoleHop } from "../../model/profile-types.js";
import { failed, profileFailure, type Result } from "../../model/result.js";
import type { RoleCredentials } from "../../model/role-credentials.js";
import { classifyAwsError } from "./aws-error.js";
import { httpHandler, type NetworkSettings } from "./http-handler.js";
import { networkWords } from "./network-words.js";
import { pacedCall } from "./paced-call.js";
import type { Pacer } from "./pacer.js";
import { type PortalFailure, portalFailure } from "./portal-errors.js";

/** How to call STS for one hop. */
export interface AssumeSettings {
  readonly timeoutSeconds: number;
  readonly now: () => Date;
  /** The code from the MFA device, when the hop has mfa_serial and a person typed one. */
  readonly mfaCode?: string;
  /** The run's pacing, shared with the portal calls. */
  readonly pacer: Pacer;
  /** The synced profile's proxy and CA bundle (the hops' own profiles do not choose, as in botocore). */
  readonly network: NetworkSettings;
}

/** STS AssumeRole for one hop, signed with `caller` (honours AWS_ENDPOINT_URL_STS); never throws. */
export async function assumeRole(
  caller: RoleCredentials,
  hop: RoleHop,
  settings: AssumeSettings,
): Promise<Result<RoleCredentials>> {
  // STS is global; a profile's region only picks the regional endpoint, as in botocore.
  const region = hop.region ?? "us-east-1";
  const { AssumeRoleCommand, STSClient } = await import("@aws-sdk/client-sts");
  const client = new STSClient({
    region,
    // One attempt per send: the pacer decides about retries.
    maxAttempts: 1,
    credentials: {
      accessKeyId: caller.accessKeyId,
      secretAccessKey: caller.secretAccessKey,
      sessionToken: caller.sessionToken,
    },
    requestHandler: await httpHandler(
      { timeoutSeconds: settings.timeoutSeconds },
      settings.network,
    ),
  });
  try {
    const command = new AssumeRoleCommand({
      RoleArn: hop.roleArn,
      // botocore names sessions botocore-session-<epoch seconds>; ours say who made them.
      RoleSessionName:
        hop.roleSessionName ?? `sso-sync-${Math.floor(settings.now().getTime() / 1000)}`,
      ExternalId: hop.externalId,
      DurationSeconds: hop.durationSeconds,
      SerialNumber: hop.mfaSerial,
      TokenCode: settings.mfaCode,
    });
    const output = await pacedCall(settings.pacer, `sts ${region}`, (abortSignal) =>
      client.send(command, { abortSignal }),
    );
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = output.Credentials ?? {};
    if (!AccessKeyId || !SecretAccessKey || !SessionToken || !(Expiration instanceof Date))
      return failed(
        profileFailure(`STS returned incomplete credentials for ${hop.roleArn}`, "portal"),
      );
    return {
      ok: true,
      value: {
        accessKeyId: AccessKeyId,
        secretAccessKey: SecretAccessKey,
        sessionToken: SessionToken,
        expiration: Expiration,
      },
    };
  } catch (error) {
    return failed(portalFailure(stsFailure(error, hop, region, settings)));
  } finally {
    client.destroy();
  }
}

/** The STS endpoint the SDK calls, for messages (botocore and the SDK use the regional one). */
function stsEndpoint(region: string, env: NetworkSettings["env"]): string {
  return env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || `https://sts.${region}.amazonaws.com`;
}

function stsFailure(
  error: unknown,
  hop: RoleHop,
  region: string,
  settings: AssumeSettings,
): PortalFailure {
  const failure = classifyAwsError(error);
  const said = failure.message ? `: ${failure.message}` : "";
  const where = `STS AssumeRole ${hop.roleArn} (profile ${hop.profile})`;
  if (failure.budgetSeconds !== undefined)
    return {
      kind: "throttled",
      message: `${where} kept being throttled: no STS request of this run got through for ${failure.budgetSeconds}s; try again later or raise --timeout`,
    };
  if (failure.cause === "forbidden")
    return {
      kind: "forbidden",
      message: `${where} was refused${said}; check the role's trust policy, external_id and mfa_serial`,
    };
  const target = {
    where: `STS for ${hop.roleArn} (profile ${hop.profile})`,
    endpoint: stsEndpoint(region, settings.network.env),
    endpointVariable: "AWS_ENDPOINT_URL_STS",
  };
  const words = networkWords(failure, target, settings.timeoutSeconds, settings.network);
  if (words !== undefined)
    return { kind: failure.cause === "timeout" ? "timeout" : "network", message: words };
  return { kind: "portal", message: `${where} failed: ${failure.name}${said}` };
}
