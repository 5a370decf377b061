import type { AnyCommandSpec } from "../model/command-spec.js";
import { type OptionSpec, optionLabel } from "../model/option-spec.js";

/** What sso-sync is, for the top of the global help. */
const ABOUT =
  "Sync AWS IAM Identity Center (SSO) role credentials into ~/.aws/credentials, atomically and under a lock, for tools that only read static keys.";

function padded(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

function optionRow(option: OptionSpec): [string, string] {
  const suffix = option.default === undefined ? "" : ` (default: ${String(option.default)})`;
  return [optionLabel(option), `${option.help}${suffix}`];
}

/** Help for the whole program: what it is, usage, every command, how to get more. */
export function globalHelp(
  specs: readonly AnyCommandSpec[],
  defaultName: string,
  version: string,
): string {
  const rows = specs
    .filter((spec) => spec.hidden !== true)
    .map((spec): [string, string] => [
      spec.name,
      spec.name === defaultName ? `${spec.summary} (the default)` : spec.summary,
    ]);
  return [
    `sso-sync ${version}`,
    ABOUT,
    "",
    "Usage:",
    "  $ sso-sync [command] [options]",
    "",
    "Commands:",
    ...padded(rows),
    "",
    "Options:",
    ...padded([
      ["-h, --help", "Show help (sso-sync help COMMAND shows a command's options)"],
      ["-v, -V, --version", "Show the version"],
    ]),
    "",
    "Run 'sso-sync help COMMAND' (or 'sso-sync COMMAND --help') for a command's options.",
    "",
  ].join("\n");
}

/** Help for one command: its sentence, usage, options and examples. */
export function commandHelp(spec: AnyCommandSpec, version: string): string {
  const examples = spec.examples ?? [];
  return [
    `sso-sync ${version}: ${spec.name}`,
    `${spec.summary}.`,
    "",
    "Usage:",
    `  $ ${spec.usage}`,
    "",
    "Options:",
    ...padded([...spec.options.map(optionRow), ["-h, --help", "Show this help"]]),
    ...(examples.length > 0 ? ["", "Examples:", ...examples.map((line) => `  $ ${line}`)] : []),
    "",
  ].join("\n");
}
