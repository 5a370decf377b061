import { parseAwsConfig } from "./aws-config.js";
import { IDENTITY_CENTER_REGIONS, isIdentityCenterRegion } from "./identity-center-regions.js";
import { parseIniDocument, renderIniDocument } from "./ini-document.js";
import { writeOwnedSections } from "./ini-editor.js";
import { valueProblem } from "./ini-writable.js";
import { loginAdvice } from "./sso-profiles.js";

/** The scope setup registers, as `aws configure sso` does by default (it brings a refresh token). */
export const SETUP_SCOPES = "sso:account:access";

/** What to run when the config has no SSO profile yet: sso-sync's setup, then the AWS CLI's. */
export const SETUP_ADVICE = loginAdvice("sso-sync setup", "aws configure sso");

/** The [sso-session] setup writes. */
export interface SessionWanted {
  readonly name: string;
  readonly startUrl: string;
  readonly region: string;
}

/** What setup does to the config for its session. */
export type SessionPlan =
  /** Absent: `text` is the config with the section appended (`lines`, for the report). */
  | { readonly kind: "add"; readonly text: string; readonly lines: readonly string[] }
  /** Present with the same values: nothing is written. */
  | { readonly kind: "keep" }
  /** Present with other values: `differs` says which (one clause per key). */
  | { readonly kind: "conflict"; readonly differs: readonly string[] }
  /** botocore would reject the file as it is: its first problem. */
  | { readonly kind: "unreadable"; readonly line: number; readonly message: string };

/** Why `url` is no access portal address (the start URL), or undefined when it can be one. */
export function startUrlProblem(url: string): string | undefined {
  const example = "such as https://my-company.awsapps.com/start";
  if (url === "") return `an access portal address is needed, ${example}`;
  if (/\s/.test(url) || valueProblem(url) !== undefined || !URL.canParse(url))
    return `${JSON.stringify(url)} is not an address ${example}`;
  const parsed = new URL(url);
  if (parsed.protocol !== "https:")
    return `${JSON.stringify(url)} is not an https:// address ${example}`;
  if (parsed.username !== "" || parsed.password !== "")
    return `${JSON.stringify(url)} holds a user name or password; give the portal's address only`;
  return undefined;
}

/** Why `region` cannot be the sso_region, or undefined when IAM Identity Center runs there. */
export function regionProblem(region: string): string | undefined {
  return isIdentityCenterRegion(region)
    ? undefined
    : `${JSON.stringify(region)} is not a region where IAM Identity Center runs (${IDENTITY_CENTER_REGIONS.join(", ")})`;
}

/** Why `name` cannot name the [sso-session], or undefined when it can. */
export function sessionNameProblem(name: string): string | undefined {
  // One word of these characters reads back as the same session in every SDK, and needs no
  // quoting in `[sso-session NAME]`, in `sso_session = NAME` or on a command line.
  if (/^[A-Za-z0-9][A-Za-z0-9._@+-]*$/.test(name)) return undefined;
  return `${JSON.stringify(name)} cannot name an sso-session; use letters, digits and . _ @ + -`;
}

/** The region an access portal address names (`https://ssoins-….portal.us-east-1.app.aws`). */
export function regionInStartUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const region = /\.portal\.([a-z0-9-]+)\.app\.aws$/.exec(new URL(url).hostname)?.[1];
  return region !== undefined && isIdentityCenterRegion(region) ? region : undefined;
}

/** A session name to offer: the one the config already has for this address, else its host's first word. */
export function suggestedSessionName(url: string, configText: string): string | undefined {
  const existing = [...parseAwsConfig(configText).ssoSessions].find(([, section]) =>
    sameStartUrl(section.values.get("sso_start_url") ?? "", url),
  );
  if (existing !== undefined) return existing[0];
  if (!URL.canParse(url)) return undefined;
  const word = new URL(url).hostname.split(".")[0] ?? "";
  return sessionNameProblem(word) === undefined ? word : undefined;
}

/** Two start URLs name the same portal (`…/start`, `…/start/` and `…/start#/` alike). */
function sameStartUrl(a: string, b: string): boolean {
  const normal = (url: string) => {
    if (!URL.canParse(url)) return url;
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search}${parsed.hash}`.replace(/[#/]+$/, "");
  };
  return normal(a) === normal(b);
}

/** The section's keys, in the order `aws configure sso` writes them. */
function sessionEntries(wanted: SessionWanted): Array<[string, string]> {
  return [
    ["sso_start_url", wanted.startUrl],
    ["sso_region", wanted.region],
    ["sso_registration_scopes", SETUP_SCOPES],
  ];
}

/**
 * Decides what setup does to the config text for its session, the way botocore reads the file:
 * a session of that name already there is kept when its values are the same, never changed.
 */
export function planSession(text: string, wanted: SessionWanted): SessionPlan {
  const config = parseAwsConfig(text);
  const problem = config.problems[0];
  if (problem !== undefined)
    return { kind: "unreadable", line: problem.line, message: problem.message };
  const existing = config.ssoSessions.get(wanted.name)?.values;
  if (existing === undefined) {
    const entries = sessionEntries(wanted);
    const name = `sso-session ${wanted.name}`;
    const written = writeOwnedSections(parseIniDocument(text), [{ name, entries }], false).doc;
    const lines = [`[${name}]`, ...entries.map(([key, value]) => `${key} = ${value}`)];
    return { kind: "add", text: renderIniDocument(written), lines };
  }
  const differs: string[] = [];
  const startUrl = existing.get("sso_start_url");
  if (startUrl === undefined || !sameStartUrl(startUrl, wanted.startUrl))
    differs.push(`sso_start_url is ${startUrl ?? "unset"}, not ${wanted.startUrl}`);
  const region = existing.get("sso_region");
  if (region !== wanted.region)
    differs.push(`sso_region is ${region ?? "unset"}, not ${wanted.region}`);
  const scopes = existing.get("sso_registration_scopes");
  const listed = (scopes ?? "").split(",").map((scope) => scope.trim());
  if (!listed.includes(SETUP_SCOPES))
    differs.push(`sso_registration_scopes is ${scopes ?? "unset"}, not ${SETUP_SCOPES}`);
  return differs.length === 0 ? { kind: "keep" } : { kind: "conflict", differs };
}
