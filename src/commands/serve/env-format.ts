import { formatTimestamp } from "../../model/expiry.js";
import type { RoleCredentials } from "../../model/role-credentials.js";

/** The shells and files `sso-sync env` can print for. */
export const ENV_FORMATS = ["sh", "fish", "powershell", "cmd", "dotenv", "json"] as const;

/** One of ENV_FORMATS. */
export type EnvFormat = (typeof ENV_FORMATS)[number];

/**
 * `env`'s format when none is given: PowerShell on Windows (the shell of Windows Terminal and of
 * the AWS Tools for PowerShell), except in Git Bash or another MSYS/Cygwin shell, which eval sh.
 */
export function defaultEnvFormat(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): EnvFormat {
  if (platform !== "win32") return "sh";
  return env.MSYSTEM || env.SHELL ? "sh" : "powershell";
}

/** The variable that tells a child (and a nested sso-sync) which profile its credentials are for. */
export const PROFILE_MARKER = "SSO_SYNC_PROFILE";

/** The environment variables for a profile's credentials, in the order they are printed. */
export function credentialVariables(
  credentials: RoleCredentials,
  profile: string,
  region: string | undefined,
): Array<[string, string]> {
  const variables: Array<[string, string]> = [
    ["AWS_ACCESS_KEY_ID", credentials.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey],
    ["AWS_SESSION_TOKEN", credentials.sessionToken],
    // boto2 reads only AWS_SECURITY_TOKEN from the environment.
    ["AWS_SECURITY_TOKEN", credentials.sessionToken],
    ["AWS_CREDENTIAL_EXPIRATION", formatTimestamp(credentials.expiration)],
  ];
  return [...variables, ...profileVariables(profile, region)];
}

/** The region and the profile marker, which follow the credentials' variables (or the endpoint's). */
export function profileVariables(
  profile: string,
  region: string | undefined,
): Array<[string, string]> {
  const variables: Array<[string, string]> = [];
  if (region !== undefined) variables.push(["AWS_REGION", region], ["AWS_DEFAULT_REGION", region]);
  variables.push([PROFILE_MARKER, profile]);
  return variables;
}

/** The credential_process JSON botocore and the SDKs accept (Version 1). */
export function processJson(credentials: RoleCredentials): string {
  const body = {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: formatTimestamp(credentials.expiration),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The container-credentials JSON the SDKs read from AWS_CONTAINER_CREDENTIALS_FULL_URI. */
export function containerJson(credentials: RoleCredentials): Record<string, string> {
  return {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken,
    Expiration: formatTimestamp(credentials.expiration),
  };
}

/** The two variables that point an SDK at a credentials endpoint. */
export function endpointVariables(url: string, token: string): Array<[string, string]> {
  return [
    ["AWS_CONTAINER_CREDENTIALS_FULL_URI", url],
    ["AWS_CONTAINER_AUTHORIZATION_TOKEN", token],
  ];
}

/** The variables as one JSON object (`--format json` for the endpoint's variables). */
export function variablesJson(variables: ReadonlyArray<readonly [string, string]>): string {
  return `${JSON.stringify(Object.fromEntries(variables), null, 2)}\n`;
}

/** Text to eval (or load) in `format`, LF line endings; throws on a value the format cannot hold. */
export function formatEnv(
  variables: ReadonlyArray<readonly [string, string]>,
  format: Exclude<EnvFormat, "json">,
): string {
  const line = LINE[format];
  return variables.map(([name, value]) => `${line(name, value)}\n`).join("");
}

const LINE: Record<Exclude<EnvFormat, "json">, (name: string, value: string) => string> = {
  // POSIX single quotes keep every byte but ' itself, which is closed, escaped and reopened.
  sh: (name, value) => `export ${name}='${value.replaceAll("'", `'\\''`)}'`,
  // fish single quotes: only \\ and \' are escapes.
  fish: (name, value) =>
    `set -gx ${name} '${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}';`,
  // PowerShell single quotes: '' is a literal quote, nothing else is special.
  powershell: (name, value) => `$Env:${name} = '${value.replaceAll("'", "''")}'`,
  cmd: (name, value) => `set "${name}=${cmdSafe(name, value)}"`,
  dotenv: (name, value) => `${name}=${dotenvValue(value)}`,
};

function cmdSafe(name: string, value: string): string {
  // cmd.exe has no quoting that survives % ! ^ " or a line break in every context; AWS keys,
  // secrets and tokens never hold them, so refuse rather than print something that runs wrong.
  if (/[%!^"\r\n]/.test(value))
    throw new Error(
      `${name} holds a character cmd.exe cannot take safely; use --format powershell`,
    );
  return value;
}

function dotenvValue(value: string): string {
  if (/^[A-Za-z0-9_./:+=@-]*$/.test(value)) return value;
  const escaped = value
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    .replaceAll("$", "\\$")
    .replaceAll("`", "\\`")
    .replaceAll("\n", "\\n");
  return `"${escaped}"`;
}
