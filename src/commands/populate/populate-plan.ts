import type { AccountAssignments } from "../../model/assignments.js";
import type { AwsConfig } from "../../model/aws-config.js";
import {
  type CredentialsDocument,
  ownedSectionNames,
  readSection,
  sectionState,
} from "../../model/ini-document.js";
import {
  removeOwnedSections,
  type SectionWrite,
  writeOwnedSections,
} from "../../model/ini-editor.js";
import { markerText, markerValue, valueProblem } from "../../model/ini-writable.js";
import { globMatches } from "../../model/profile-selection.js";
import { resolveSsoProfiles } from "../../model/sso-profiles.js";

/** The key that marks a config profile as written by `populate` (its value: the sso-session). */
const POPULATED_KEY = "sso_sync_populated";

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

/** Why a flag's value cannot be written into the config so botocore reads it back, if it cannot. */
export function optionValueProblem(
  options: Pick<PopulateOptions, "session" | "region" | "output">,
): string | undefined {
  const flags: Array<[string, string | undefined]> = [
    ["--sso-session", options.session],
    ["--region", options.region],
    ["--output", options.output],
  ];
  for (const [flag, value] of flags) {
    const problem = value === undefined ? undefined : valueProblem(value);
    if (problem !== undefined)
      return `${flag} ${JSON.stringify(value)}: ${problem}, and botocore would read another value back from the config`;
  }
  return undefined;
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
  const changes: PopulateChange[] = [];
  const writes: SectionWrite[] = [];
  // Every name is distinct, so each decision reads the config as it was: one write at the end.
  for (const { name, accountId, roleName } of namedAssignments(accounts, options)) {
    const existing = covered.get(`${accountId}/${roleName}`);
    if (existing !== undefined && !options.duplicate) {
      changes.push({ kind: "covered", profile: existing, accountId, roleName, lines: [] });
      continue;
    }
    const section = `profile ${name}`;
    const state = sectionState(doc, section, POPULATED_KEY);
    const ours = state === "owned" && populatedBy(readSection(doc, section)) === options.session;
    // `[default]` is the default profile too: `[profile default]` would silently replace it.
    const shadowsDefault = name === "default" && sectionState(doc, "default") !== "absent";
    if ((state !== "absent" && !ours) || shadowsDefault) {
      changes.push({ kind: "clash", profile: name, accountId, roleName, lines: [] });
      continue;
    }
    const entries = profileEntries(options, accountId, roleName);
    writes.push({ name: section, entries });
    changes.push(describe(name, accountId, roleName, readSection(doc, section), entries));
  }
  const written = writeOwnedSections(doc, writes, false, POPULATED_KEY).doc;
  if (!options.prune) return { doc: written, changes };
  // Only what the portal no longer assigns goes: a profile the filters merely left out stays.
  const assigned = new Set(
    accounts.flatMap((account) => account.roles.map((role) => `${account.accountId}/${role}`)),
  );
  const rewritten = new Set(writes.map((write) => write.name));
  const prunable = new Map<string, ReadonlyMap<string, string>>();
  for (const section of ownedSectionNames(doc, POPULATED_KEY)) {
    const values = readSection(doc, section);
    if (values === undefined || rewritten.has(section)) continue;
    if (populatedBy(values) !== options.session) continue;
    if (assigned.has(`${values.get("sso_account_id")}/${values.get("sso_role_name")}`)) continue;
    prunable.set(section, values);
  }
  const pruned = removeOwnedSections(written, [...prunable.keys()], POPULATED_KEY);
  for (const section of pruned.removed) {
    const values = prunable.get(section) ?? new Map<string, string>();
    const lines = [`[${section}]`, ...[...values].map(([key, value]) => `${key} = ${value}`)];
    changes.push({ kind: "remove", profile: section.replace(/^profile /, ""), lines });
  }
  return { doc: pruned.doc, changes };
}

/** The sso-session a populated profile was written for. */
function populatedBy(values: ReadonlyMap<string, string> | undefined): string | undefined {
  const marker = values?.get(POPULATED_KEY);
  return marker === undefined ? undefined : markerText(marker);
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
  entries.push([POPULATED_KEY, markerValue(options.session)]);
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
