import { readFileSync } from "node:fs";
import { accountsSpec } from "../commands/accounts/accounts-spec.js";
import { cleanSpec } from "../commands/clean/clean-spec.js";
import { completeSpec, completionSpec } from "../commands/completion/completion-spec.js";
import { doctorSpec } from "../commands/doctor/doctor-spec.js";
import { loginSpec } from "../commands/login/login-spec.js";
import { logoutSpec } from "../commands/login/logout-spec.js";
import { populateSpec } from "../commands/populate/populate-spec.js";
import { envSpec } from "../commands/serve/env-spec.js";
import { execSpec } from "../commands/serve/exec-spec.js";
import { processSpec } from "../commands/serve/process-spec.js";
import { serverSpec } from "../commands/serve/server-spec.js";
import { setupSpec } from "../commands/setup/setup-spec.js";
import { statusSpec } from "../commands/status/status-spec.js";
import { syncSpec } from "../commands/sync/sync-spec.js";
import { timerSpec } from "../commands/timer/timer-spec.js";
import type { AnyCommandSpec, CommandSpec } from "../model/command-spec.js";
import { ExitCode } from "../model/exit-code.js";
import { failed, ok, usageFailure } from "../model/result.js";
import { commandHelp, globalHelp } from "./help.js";
import { didYouMean } from "./usage-message.js";

// A hook's all-fresh `sso-sync --quiet` should cost little more than starting node: the AWS SDK
// is loaded only by a run that calls AWS (docs/performance.md, `npm run bench`).

// The shipped bundle has the version built in (scripts/build.mjs); the compiled modules read it.
declare const SSO_SYNC_VERSION: string | undefined;

/** The version in package.json. */
export function version(): string {
  if (typeof SSO_SYNC_VERSION === "string") return SSO_SYNC_VERSION;
  const url = new URL("../../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}

/** The command run when none is named: `sso-sync --profile dev` is `sso-sync sync --profile dev`. */
export const DEFAULT_COMMAND = "sync";

/** `help [command]`: the program's help, or one command's. */
const helpSpec: CommandSpec<string | undefined> = {
  name: "help",
  summary: "Show help for sso-sync or for one command",
  usage: "sso-sync help [command]",
  // Only the first word is read, and nothing else is checked: `help sync extra` is sync's help.
  positional: { name: "command", required: false, variadic: true },
  allowUnknownOptions: true,
  options: [],
  // An unknown command is a mistake in the command line: found while reading it.
  read: (flags) => {
    const read = flags.result(flags.positional(0));
    if (!read.ok || read.value === undefined || visibleSpec(read.value) !== undefined) return read;
    return failed(
      usageFailure(`unknown command '${read.value}'${didYouMean(read.value, PROGRAM)}`),
    );
  },
  run: async (asked, context) => {
    context.console.out(helpText(asked === undefined ? undefined : visibleSpec(asked)));
    return ok(ExitCode.ok);
  },
};

function visibleSpec(name: string): AnyCommandSpec | undefined {
  return PROGRAM.find((each) => each.name === name && each.hidden !== true);
}

/** Every command, in the order help lists them. */
export const PROGRAM: readonly AnyCommandSpec[] = [
  syncSpec,
  cleanSpec,
  statusSpec,
  doctorSpec,
  envSpec,
  execSpec,
  processSpec,
  serverSpec,
  accountsSpec,
  populateSpec,
  timerSpec,
  setupSpec,
  loginSpec,
  logoutSpec,
  completionSpec,
  completeSpec(() => PROGRAM),
  helpSpec,
];

/** The help for `spec`, or the program's when there is none. */
export function helpText(spec: AnyCommandSpec | undefined): string {
  return spec === undefined
    ? globalHelp(PROGRAM, DEFAULT_COMMAND, version())
    : commandHelp(spec, version());
}
