import type { CAC, Command } from "cac";

/** What sso-sync is, for the top of the global help. */
const ABOUT =
  "Sync AWS IAM Identity Center (SSO) role credentials into ~/.aws/credentials, atomically and under a lock, for tools that only read static keys.";

function padded(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

function optionRows(command: Command): Array<[string, string]> {
  return command.options.map((option) => {
    const fallback = option.config.default;
    // cac gives a --no-NAME flag the default true (of NAME): not worth saying.
    const negated = option.rawName.startsWith("--no-");
    const suffix = fallback === undefined || negated ? "" : ` (default: ${String(fallback)})`;
    return [option.rawName, `${option.description}${suffix}`];
  });
}

/** The command's name as typed (the default command is `sync`). */
export function commandName(command: Command): string {
  return command.name === "" ? "sync" : command.name;
}

/** Help for the whole program: what it is, usage, every command, how to get more. */
export function globalHelp(cli: CAC, version: string): string {
  const commands = cli.commands.filter(
    (command) => command.name !== "" && !command.name.startsWith("__"),
  );
  const rows = commands.map((command): [string, string] => [
    command.name,
    command.name === "sync" ? `${command.description} (the default)` : command.description,
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
export function commandHelp(command: Command, version: string): string {
  const name = commandName(command);
  const usage = command.usageText ?? `sso-sync ${name} [options]`;
  const examples = command.examples.map((example) =>
    typeof example === "function" ? example("sso-sync") : example,
  );
  return [
    `sso-sync ${version}: ${name}`,
    `${command.description}.`,
    "",
    "Usage:",
    `  $ ${usage}`,
    "",
    "Options:",
    ...padded([...optionRows(command), ["-h, --help", "Show this help"]]),
    ...(examples.length > 0 ? ["", "Examples:", ...examples.map((line) => `  $ ${line}`)] : []),
    "",
  ].join("\n");
}
