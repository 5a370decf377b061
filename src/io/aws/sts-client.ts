import type { RoleHop } from "../../model/profile-types.js";
import type { RoleCredentials } from "../../model/role-credentials.js";
import { httpHandler } from "./http-handler.js";
import { pacedCall } from "./paced-call.js";
import { type Pacer, ThrottledOut } from "./pacer.js";
import type { FetchResult } from "./portal-client.js";
import type { PortalFailure } from "./portal-errors.js";

/** How to call STS for one hop. */
export interface AssumeSettings {
  readonly timeoutSeconds: number;
  readonly now: () => Date;
  /** The code from the MFA device, when the hop has mfa_serial and a person typed one. */
  readonly mfaCode?: string;
  /** The run's pacing, shared with the portal calls. */
  readonly pacer: Pacer;
}

/** STS AssumeRole for one hop, signed with `caller` (honours AWS_ENDPOINT_URL_STS); never throws. */
export async function assumeRole(
  caller: RoleCredentials,
  hop: RoleHop,
  settings: AssumeSettings,
): Promise<FetchResult> {
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
    requestHandler: await httpHandler(settings.timeoutSeconds),
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
      return {
        ok: false,
        failure: {
          kind: "portal",
          message: `STS returned incomplete credentials for ${hop.roleArn}`,
        },
      };
    return {
      ok: true,
      credentials: {
        accessKeyId: AccessKeyId,
        secretAccessKey: SecretAccessKey,
        sessionToken: SessionToken,
        expiration: Expiration,
      },
    };
  } catch (error) {
    return { ok: false, failure: stsFailure(error, hop) };
  } finally {
    client.destroy();
  }
}

function stsFailure(error: unknown, hop: RoleHop): PortalFailure {
  const shape = (error ?? {}) as { name?: string; message?: string; code?: string };
  const name = shape.name ?? "Error";
  const said = shape.message ? `: ${shape.message}` : "";
  const where = `STS AssumeRole ${hop.roleArn} (profile ${hop.profile})`;
  if (error instanceof ThrottledOut)
    return {
      kind: "throttled",
      message: `${where} kept being throttled: no STS request of this run got through for ${error.budgetSeconds}s; try again later or raise --timeout`,
    };
  if (name === "AccessDenied" || name === "AccessDeniedException")
    return {
      kind: "forbidden",
      message: `${where} was refused${said}; check the role's trust policy, external_id and mfa_serial`,
    };
  if (name === "AbortError" || name === "TimeoutError")
    return {
      kind: "timeout",
      message: `${where} got no answer in time; try again or raise --timeout`,
    };
  const code = shape.code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (code !== undefined && /^E[A-Z]+$/.test(code))
    return {
      kind: "network",
      message: `cannot reach STS for ${where}: ${code}; check the network and AWS_ENDPOINT_URL_STS`,
    };
  return { kind: "portal", message: `${where} failed: ${name}${said}` };
}
