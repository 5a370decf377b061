#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { cac } from "cac";
import { rawOptionValues } from "./raw-option.js";
import { reportJson } from "./report-json.js";
import { formatReport } from "./report-text.js";
import { runSync, type SyncOptions } from "./sync-command.js";
import { ExitCode, exitCodeFor } from "./sync-result.js";

interface RawSyncFlags {
  concurrency?: unknown;
  timeout?: unknown;
  lockTimeout?: unknown;
  takeOver?: boolean;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
}

class UsageError extends Error {}

const DEFAULT_CONCURRENCY = 16;
const DEFAULT_TIMEOUT_SECONDS = 20;
const DEFAULT_LOCK_TIMEOUT_SECONDS = 20;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function toSyncOptions(flags: RawSyncFlags, argv: readonly string[]): SyncOptions {
  return {
    profiles: rawOptionValues(argv.slice(2), "--profile"),
    concurrency: integerFlag("--concurrency", flags.concurrency ?? DEFAULT_CONCURRENCY, 1, 256),
    timeoutSeconds: numberFlag("--timeout", flags.timeout ?? DEFAULT_TIMEOUT_SECONDS, 0.1, 600),
    lockTimeoutSeconds: numberFlag(
      "--lock-timeout",
      flags.lockTimeout ?? DEFAULT_LOCK_TIMEOUT_SECONDS,
      0,
      600,
    ),
    takeOver: flags.takeOver === true,
    dryRun: flags.dryRun === true,
  };
}

function numberFlag(name: string, raw: unknown, min: number, max: number): number {
  const value = Number(raw);
  if (typeof raw === "boolean" || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${name} takes a number from ${min} to ${max}, not '${String(raw)}'`);
  }
  return value;
}

function integerFlag(name: string, raw: unknown, min: number, max: number): number {
  const value = numberFlag(name, raw, min, max);
  if (!Number.isInteger(value))
    throw new UsageError(`${name} takes a whole number from ${min} to ${max}`);
  return value;
}

function useColor(): boolean {
  const noColor = process.env.NO_COLOR;
  return process.stderr.isTTY === true && (noColor === undefined || noColor === "");
}

async function sync(flags: RawSyncFlags, argv: readonly string[]): Promise<number> {
  const options = toSyncOptions(flags, argv);
  const report = await runSync(options, {
    env: process.env,
    osHome: homedir(),
    now: () => new Date(),
  });
  if (flags.json === true) {
    process.stdout.write(reportJson(report));
  } else {
    const lines = formatReport(report, new Date(), {
      quiet: flags.quiet === true,
      color: useColor(),
    });
    if (lines.length > 0) process.stderr.write(`${lines.join("\n")}\n`);
  }
  return exitCodeFor(report);
}

function buildCli(argv: readonly string[], onRun: (run: Promise<number>) => void) {
  const cli = cac("sso-sync");
  for (const [name, description] of [
    ["", "Sync every SSO profile (or the --profile ones) into ~/.aws/credentials"],
    ["sync", "Same as running sso-sync with no command"],
  ] as const) {
    cli
      .command(name, description)
      .option(
        "--profile <name>",
        "Profile to sync; repeat it, use globs (team-*), or SRC:DEST to write SRC into [DEST]",
        { type: [String] },
      )
      .option("--concurrency <n>", "Portal requests in flight at most", {
        default: DEFAULT_CONCURRENCY,
      })
      .option(
        "--timeout <seconds>",
        "Give up on one portal request (retries included) after this long",
        { default: DEFAULT_TIMEOUT_SECONDS },
      )
      .option(
        "--lock-timeout <seconds>",
        "Wait this long for another sso-sync to release the credentials file",
        { default: DEFAULT_LOCK_TIMEOUT_SECONDS },
      )
      .option(
        "--take-over",
        "Replace a section that sso-sync did not write (the file is backed up first)",
      )
      .option(
        "--dry-run",
        "Say what would change; read the token cache but call no portal and write nothing",
      )
      .option("--json", "Print a machine-readable report (no secrets) on stdout")
      .option("-q, --quiet", "Print only what needs attention")
      .action((flags: RawSyncFlags) => onRun(sync(flags, argv)));
  }
  cli.help();
  cli.version(version());
  return cli;
}

async function main(argv: string[]): Promise<number> {
  let run: Promise<number> | undefined;
  try {
    const cli = buildCli(argv, (started) => {
      run = started;
    });
    cli.parse(argv, { run: false });
    if (cli.options.help === true || cli.options.version === true) return ExitCode.ok;
    cli.runMatchedCommand();
    return run === undefined ? ExitCode.ok : await run;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof UsageError || (error instanceof Error && error.name === "CACError")) {
    const message = error.message.replace(/^Unused args: /, "unknown command or argument: ");
    process.stderr.write(`sso-sync: ${message} (see sso-sync --help)\n`);
    return ExitCode.usage;
  }
  const debug = process.env.DEBUG !== undefined && process.env.DEBUG !== "";
  const detail =
    debug && error instanceof Error ? `\n${error.stack}` : " (set DEBUG=1 for details)";
  process.stderr.write(
    `sso-sync: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`,
  );
  return ExitCode.internal;
}

// We pin an SDK release that supports Node 20 (package-lock.json); its notice that later releases
// will not is for SDK users, not for people running this tool, and would break "quiet when all is well".
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
process.exitCode = await main(process.argv);
