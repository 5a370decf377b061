import { type SyncTarget, selectProfiles } from "../../model/profile-selection.js";
import { SETUP_ADVICE } from "../../model/setup-plan.js";
import type { FatalError } from "../../model/sync-result.js";
import { loadConfig } from "./load-config.js";

/** The selected targets, or why the run cannot start. */
export type Targets =
  | { readonly ok: true; readonly targets: readonly SyncTarget[] }
  | { readonly ok: false; readonly fatal: FatalError };

/** Reads the config and selects the SSO profiles named by `specs` (all when empty). */
export async function loadTargets(configFile: string, specs: readonly string[]): Promise<Targets> {
  const loaded = await loadConfig(configFile);
  if (!loaded.ok) {
    // Root refusing a file it may not read for its owner is a file failure (exit 5).
    const kind = loaded.refused === true ? "write" : "config";
    return { ok: false, fatal: { kind, message: loaded.message } };
  }
  const { sso } = loaded;
  if (sso.profiles.length === 0 && sso.problems.length === 0) {
    const message = `no SSO profiles in ${configFile}; create them with: ${SETUP_ADVICE}`;
    return { ok: false, fatal: { kind: "config", message } };
  }
  const selection = selectProfiles(sso, specs);
  if (!selection.ok)
    return { ok: false, fatal: { kind: "usage", message: selection.errors.join("; ") } };
  return { ok: true, targets: selection.targets };
}
