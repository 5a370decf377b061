import { updateCredentialsFile as updateIniFile } from "../../io/files/ini-file.js";
import {
  configFailure,
  failed,
  ok,
  type Result,
  usageFailure,
  writeFailure,
} from "../../model/result.js";
import type { RunContext } from "../../model/run-context.js";
import { planSession, type SessionPlan, type SessionWanted } from "../../model/setup-plan.js";
import { fileFailure } from "../shared/file-failure.js";

/** What setup did to the [sso-session]: added it (its lines), found it as wanted (undefined), or why not. */
export type SessionOutcome = Result<readonly string[] | undefined>;

/**
 * Adds `[sso-session NAME]` to the config, under the same lock and atomic write as every other
 * edit; a session already there with the same values is left as it is (the file is not written).
 */
export async function writeSession(
  configFile: string,
  wanted: SessionWanted,
  lockTimeoutSeconds: number,
  context: RunContext,
): Promise<SessionOutcome> {
  try {
    // Planned under the lock on the text that is there now: a person may have edited it.
    const update = await updateIniFile<SessionPlan>(
      configFile,
      (text) => {
        const plan = planSession(text, wanted);
        return { text: plan.kind === "add" ? plan.text : undefined, backup: false, result: plan };
      },
      "",
      lockTimeoutSeconds * 1000,
      () => context.onEvent?.({ kind: "lock-wait", path: configFile }),
    );
    return outcome(update.result, configFile, wanted);
  } catch (error) {
    const message = fileFailure(error, `cannot write ${configFile}`, "; nothing was changed");
    return failed(writeFailure(message));
  }
}

function outcome(plan: SessionPlan, configFile: string, wanted: SessionWanted): SessionOutcome {
  switch (plan.kind) {
    case "add":
      return ok(plan.lines);
    case "keep":
      return ok(undefined);
    case "unreadable":
      return failed(
        configFailure(
          `${configFile} line ${plan.line}: ${plan.message}; the AWS CLI rejects this file too; nothing was changed`,
        ),
      );
    case "conflict":
      return failed(
        usageFailure(
          `[sso-session ${wanted.name}] in ${configFile} has other values (${plan.differs.join("; ")}); choose another --sso-session, or change it there`,
        ),
      );
  }
}
