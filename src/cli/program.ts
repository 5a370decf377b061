import { readFileSync } from "node:fs";
import { type CAC, cac } from "cac";
import type { CommandContext } from "../model/run-context.js";
import { completionCommands } from "./register-completion.js";
import { inspectCommands } from "./register-inspect.js";
import { loginCommand, logoutCommand } from "./register-login.js";
import { orgCommands } from "./register-org.js";
import { serveCommands } from "./register-serve.js";
import { syncCommands } from "./register-sync.js";
import { timerCommand } from "./register-timer.js";

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

/** The whole command line program; parse it with `{ run: false }`, then `runMatchedCommand()`. */
export function buildCli(argv: readonly string[], context: () => CommandContext): CAC {
  const cli = cac("sso-sync");
  const registers = [syncCommands, inspectCommands, serveCommands, orgCommands, timerCommand];
  for (const register of [...registers, loginCommand, logoutCommand, completionCommands])
    register(cli, argv, context);
  cli.command("help [command]", "Show help for sso-sync or for one command");
  cli.option("-h, --help", "Show help").option("-v, -V, --version", "Show the version");
  return cli;
}
