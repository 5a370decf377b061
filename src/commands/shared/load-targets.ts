import { type SyncTarget, selectProfiles } from "../../model/profile-selection.js";
import { configFailure, failed, type Result } from "../../model/result.js";
import { SETUP_ADVICE } from "../../model/setup-plan.js";
import { loadConfig } from "./load-config.js";

/** Reads the config and selects the SSO profiles named by `specs` (all when empty). */
export async function loadTargets(
  configFile: string,
  specs: readonly string[],
): Promise<Result<readonly SyncTarget[]>> {
  // Root refusing a file it may not read for its owner is a file failure (exit 5).
  const loaded = await loadConfig(configFile);
  if (!loaded.ok) return loaded;
  const { sso } = loaded.value;
  if (sso.profiles.length === 0 && sso.problems.length === 0) {
    const message = `no SSO profiles in ${configFile}; create them with: ${SETUP_ADVICE}`;
    return failed(configFailure(message));
  }
  return selectProfiles(sso, specs);
}
