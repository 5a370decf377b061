import { sectionNameProblem } from "./ini-writable.js";
import type { ProfileProblem, SsoProfile, SsoProfiles } from "./profile-types.js";
import { failed, ok, type Result, usageFailure } from "./result.js";

/** One profile to sync and the credentials section it goes into. */
export interface SyncTarget {
  readonly profileName: string;
  readonly section: string;
  /** The resolved profile, or the reason it is misconfigured (that profile then fails alone). */
  readonly profile: SsoProfile | ProfileProblem;
}

/** The targets to sync, or the usage errors (in one line) that stop the run before anything is read or written. */
export type Selection = Result<readonly SyncTarget[]>;

/** Whether a target's profile resolved (as opposed to a misconfigured one). */
export function isResolved(profile: SsoProfile | ProfileProblem): profile is SsoProfile {
  return "tokenKey" in profile;
}

/** Turns `--profile` values (names, globs like `team-*`, `SRC:DEST`) into sync targets. */
export function selectProfiles(config: SsoProfiles, specs: readonly string[]): Selection {
  const candidates = new Map<string, SsoProfile | ProfileProblem>();
  for (const problem of config.problems) candidates.set(problem.profile, problem);
  for (const profile of config.profiles) candidates.set(profile.name, profile);
  const names = [...candidates.keys()].sort();
  const errors: string[] = [];
  const targets: SyncTarget[] = [];
  const wanted = specs.length > 0 ? specs : names;
  // Sets: every profile is looked up once per spec, and all of them are specs when none is given.
  const known = { names, all: new Set(names), others: new Set(config.otherProfiles) };
  for (const spec of wanted) {
    const picked = pickSpec(spec, known);
    if (!picked.ok) errors.push(picked.failure.message);
    else
      for (const [name, section] of picked.value)
        targets.push({
          profileName: name,
          section,
          profile: writableProfile(name, section, candidates),
        });
  }
  errors.push(...collisions(targets));
  return errors.length > 0 ? failed(usageFailure(errors.join("; "))) : ok(dedupe(targets));
}

/** The (profile, section) pairs one `--profile` value names, or why it names none. */
type Picked = Result<ReadonlyArray<readonly [string, string]>>;

const refused = (message: string): Picked => failed(usageFailure(message));

interface KnownProfiles {
  /** SSO profile names, sorted. */
  readonly names: readonly string[];
  readonly all: ReadonlySet<string>;
  /** Profiles that do not use SSO. */
  readonly others: ReadonlySet<string>;
}

function pickSpec(spec: string, known: KnownProfiles): Picked {
  const { names, others } = known;
  if (known.all.has(spec)) return ok([[spec, spec]]);
  if (others.has(spec))
    return refused(`profile ${spec} does not use SSO; there is nothing to sync for it`);
  const colon = spec.indexOf(":");
  const source = colon === -1 ? spec : spec.slice(0, colon);
  const dest = colon === -1 ? undefined : spec.slice(colon + 1);
  if (dest !== undefined) {
    const problem = sectionNameProblem(dest);
    if (problem !== undefined)
      return refused(`--profile ${spec}: [${dest}] cannot be a credentials section (${problem})`);
  }
  const matches = names.filter((name) => globMatches(source, name));
  if (matches.length === 0) {
    if (others.has(source))
      return refused(`profile ${source} does not use SSO; there is nothing to sync for it`);
    return refused(`no SSO profile matches '${source}' (${someNames(names)})`);
  }
  if (dest !== undefined && matches.length > 1) {
    return refused(
      `--profile ${spec}: '${source}' matches ${matches.length} profiles (${matches.join(", ")}); a destination section takes exactly one`,
    );
  }
  return ok(matches.map((name): [string, string] => [name, dest ?? name]));
}

/** How many profile names an error lists before it says how many more there are. */
const LISTED = 5;

/** `there are a, b, c and 4 more`: the profiles a mistyped name could have meant. */
function someNames(names: readonly string[]): string {
  if (names.length === 0) return "there are none";
  if (names.length === 1) return `there is ${names[0]}`;
  if (names.length <= LISTED)
    return `there are ${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `there are ${names.slice(0, LISTED).join(", ")} and ${names.length - LISTED} more`;
}

/**
 * The profile to sync into `section`, or why it cannot be: a profile named so that botocore
 * would read its credentials section back under another name (`[profile DEFAULT]`) fails alone.
 */
function writableProfile(
  name: string,
  section: string,
  candidates: ReadonlyMap<string, SsoProfile | ProfileProblem>,
): SsoProfile | ProfileProblem {
  const profile = candidates.get(name) as SsoProfile | ProfileProblem;
  const problem = sectionNameProblem(section);
  if (problem === undefined || !isResolved(profile)) return profile;
  return {
    profile: name,
    message: `its credentials section [${section}] cannot be written (${problem}); sync it into another section with --profile '${name}:NAME'`,
  };
}

/** Shell-style glob with `*` and `?`; any other character matches itself. */
export function globMatches(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (char) =>
    char === "*" ? ".*" : char === "?" ? "." : `\\${char}`,
  );
  return new RegExp(`^${source}$`, "s").test(name);
}

function collisions(targets: readonly SyncTarget[]): string[] {
  const bySection = new Map<string, Set<string>>();
  for (const target of targets) {
    const sources = bySection.get(target.section) ?? new Set<string>();
    sources.add(target.profileName);
    bySection.set(target.section, sources);
  }
  return [...bySection]
    .filter(([, sources]) => sources.size > 1)
    .map(
      ([section, sources]) =>
        `profiles ${[...sources].join(" and ")} would both write section [${section}]`,
    );
}

function dedupe(targets: readonly SyncTarget[]): SyncTarget[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    if (seen.has(target.section)) return false;
    seen.add(target.section);
    return true;
  });
}
