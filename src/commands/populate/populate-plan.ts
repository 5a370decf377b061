import type { AccountAssignments } from "../../model/assignments.js";
import type { AwsConfig } from "../../model/aws-config.js";
import {
  type CredentialsDocument,
  ownedSectionNames,
  readSection,
  removeOwnedSection,
  sectionState,
  writeOwnedSection,
} from "../../model/ini-document.js";
import { globMatches } from "../../model/profile-selection.js";
import { resolveSsoProfiles } from "../../model/sso-profiles.js";

/** The key that marks a config profile as written by `populate` (its value: the sso-session). */
const POPULATED_KEY = "sso_sync_populated";

/** The default name for a populated profile. */
export const DEFAULT_TEMPLATE = "{account_name}.{role_name}";

/** What populate writes and keeps. */
export interface PopulateOptions {
  readonly session: string;
  readonly template: string;
  readonly region?: string;
  readonly output?: string;
  /** Globs on account id or name; empty means every account. */
  readonly accounts: readonly string[];
  /** Globs on role name; empty means every role. */
  readonly roles: readonly string[];
  readonly prune: boolean;
  /** Also write a profile for an assignment that already has a profile of another origin. */
  readonly duplicate: boolean;
}

/** The placeholders a template may use. */
const PLACEHOLDERS = ["{account_name}", "{account_id}", "{role_name}", "{email}"];

/** Why a --template cannot be used (an unknown `{placeholder}`), or undefined when it can. */
export function templateProblem(template: string): string | undefined {
  const unknown = (template.match(/\{[^{}]*\}/g) ?? []).filter(
    (part) => !PLACEHOLDERS.includes(part),
  );
  if (unknown.length === 0) return undefined;
  return `--template: unknown placeholder ${unknown.join(", ")}; use ${PLACEHOLDERS.join(", ")}`;
}

/**
 * Assignments of `session` that a profile not written by populate already points at (what
 * `accounts` lists under PROFILES), as `account/role` -> profile name.
 */
export function coveredAssignments(config: AwsConfig, session: string): Map<string, string> {
  const covered = new Map<string, string>();
  for (const profile of resolveSsoProfiles(config).profiles) {
    const populated = config.profiles.get(profile.name)?.values.has(POPULATED_KEY) === true;
    if (profile.tokenKey !== session || profile.chain !== undefined || populated) continue;
    const key = `${profile.accountId}/${profile.roleName}`;
    if (!covered.has(key)) covered.set(key, profile.name);
  }
  return covered;
}

/** One line of populate's report (`covered`: another profile already points at the assignment). */
export interface PopulateChange {
  readonly kind: "add" | "update" | "keep" | "remove" | "clash" | "covered";
  readonly profile: string;
  readonly accountId?: string;
  readonly roleName?: string;
  /** The section's lines (add, remove) or `key: old → new` (update), for the diff. */
  readonly lines: readonly string[];
}

/** Decides every profile populate writes or removes and returns the edited config; pure. */
export function planPopulate(
  doc: CredentialsDocument,
  accounts: readonly AccountAssignments[],
  options: PopulateOptions,
  covered: ReadonlyMap<string, string>,
): { doc: CredentialsDocument; changes: PopulateChange[] } {
  let current = doc;
  const changes: PopulateChange[] = [];
  for (const { name, accountId, roleName } of namedAssignments(accounts, options)) {
    const existing = covered.get(`${accountId}/${roleName}`);
    if (existing !== undefined && !options.duplicate) {
      changes.push({ kind: "covered", profile: existing, accountId, roleName, lines: [] });
      continue;
    }
    const section = `profile ${name}`;
    const state = sectionState(current, section, POPULATED_KEY);
    const ours =
      state === "owned" && readSection(current, section)?.get(POPULATED_KEY) === options.session;
    // `[default]` is the default profile too: `[profile default]` would silently replace it.
    const shadowsDefault = name === "default" && sectionState(current, "default") !== "absent";
    if ((state !== "absent" && !ours) || shadowsDefault) {
      changes.push({ kind: "clash", profile: name, accountId, roleName, lines: [] });
      continue;
    }
    const entries = profileEntries(options, accountId, roleName);
    const before = readSection(current, section);
    const written = writeOwnedSection(current, section, entries, false, POPULATED_KEY);
    if (!written.ok) continue;
    current = written.doc;
    changes.push(describe(name, accountId, roleName, before, entries));
  }
  if (options.prune) {
    // Only what the portal no longer assigns goes: a profile the filters merely left out stays.
    const assigned = new Set(
      accounts.flatMap((account) => account.roles.map((role) => `${account.accountId}/${role}`)),
    );
    for (const section of ownedSectionNames(current, POPULATED_KEY)) {
      const values = readSection(current, section);
      if (values?.get(POPULATED_KEY) !== options.session) continue;
      if (assigned.has(`${values.get("sso_account_id")}/${values.get("sso_role_name")}`)) continue;
      current = removeOwnedSection(current, section, POPULATED_KEY);
      const lines = [
        `[${section}]`,
        ...[...(values ?? [])].map(([key, value]) => `${key} = ${value}`),
      ];
      changes.push({ kind: "remove", profile: section.replace(/^profile /, ""), lines });
    }
  }
  return { doc: current, changes };
}

function profileEntries(
  options: PopulateOptions,
  accountId: string,
  roleName: string,
): Array<[string, string]> {
  const entries: Array<[string, string]> = [
    ["sso_session", options.session],
    ["sso_account_id", accountId],
    ["sso_role_name", roleName],
  ];
  if (options.region !== undefined) entries.push(["region", options.region]);
  if (options.output !== undefined) entries.push(["output", options.output]);
  entries.push([POPULATED_KEY, options.session]);
  return entries;
}

function describe(
  name: string,
  accountId: string,
  roleName: string,
  before: ReadonlyMap<string, string> | undefined,
  entries: ReadonlyArray<readonly [string, string]>,
): PopulateChange {
  const base = { profile: name, accountId, roleName };
  if (before === undefined)
    return {
      ...base,
      kind: "add",
      lines: [`[profile ${name}]`, ...entries.map(([k, v]) => `${k} = ${v}`)],
    };
  const changed = entries.filter(([key, value]) => before.get(key) !== value);
  if (changed.length === 0) return { ...base, kind: "keep", lines: [] };
  const lines = changed.map(([key, value]) => `${key}: ${before.get(key) ?? "(none)"} → ${value}`);
  return { ...base, kind: "update", lines };
}

/** Assignments that pass the filters, each with its profile name; collisions resolved in a fixed order. */
export function namedAssignments(
  accounts: readonly AccountAssignments[],
  options: Pick<PopulateOptions, "template" | "accounts" | "roles">,
): Array<{ name: string; accountId: string; roleName: string }> {
  const wanted = accounts
    .filter(
      (account) =>
        options.accounts.length === 0 ||
        options.accounts.some(
          (glob) => globMatches(glob, account.accountId) || globMatches(glob, account.accountName),
        ),
    )
    .flatMap((account) =>
      account.roles
        .filter(
          (role) =>
            options.roles.length === 0 || options.roles.some((glob) => globMatches(glob, role)),
        )
        .map((roleName) => ({ account, roleName })),
    )
    .sort(
      (a, b) =>
        a.account.accountId.localeCompare(b.account.accountId) ||
        a.roleName.localeCompare(b.roleName),
    );
  const used = new Set<string>();
  return wanted.map(({ account, roleName }) => {
    const base = profileName(options.template, account, roleName);
    // The first (by account id, then role) keeps the plain name; later ones add the account id.
    let name = used.has(base) ? `${base}-${account.accountId}` : base;
    for (let n = 2; used.has(name); n++) name = `${base}-${account.accountId}-${n}`;
    used.add(name);
    return { name, accountId: account.accountId, roleName };
  });
}

/** Fills the template and keeps only characters every SDK accepts in a profile name. */
export function profileName(
  template: string,
  account: AccountAssignments,
  roleName: string,
): string {
  const filled = template
    .replaceAll("{account_name}", account.accountName)
    .replaceAll("{account_id}", account.accountId)
    .replaceAll("{role_name}", roleName)
    .replaceAll("{email}", account.emailAddress);
  // Spaces split `[profile a b]`, brackets end the header, and shells need quoting for the rest.
  const normalised = filled
    .replace(/[^A-Za-z0-9._@+-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return normalised === "" ? `${account.accountId}-${roleName}` : normalised;
}
