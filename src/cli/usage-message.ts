import type { CAC } from "cac";

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `; did you mean 'sync'?` when one command is close to what was typed. */
function suggestion(typed: string, cli: CAC): string {
  const names = cli.commands
    .map((command) => command.name)
    .filter((name) => name !== "" && !name.startsWith("__"));
  const close = names
    .map((name) => ({ name, far: distance(typed.toLowerCase(), name) }))
    .filter(({ far }) => far <= 2)
    .sort((a, b) => a.far - b.far)[0];
  return close === undefined ? "" : `; did you mean '${close.name}'?`;
}

/** Which help to read: the matched command's, else the program's. */
function helpHint(cli: CAC): string {
  const name = cli.matchedCommandName;
  return name === undefined || name === "help"
    ? "see sso-sync --help"
    : `see sso-sync ${name} --help`;
}

/** A command line mistake in our words: cac's messages reworded, a did-you-mean, the help to read. */
export function usageMessage(raw: string, cli: CAC, unknownCommand?: string): string {
  return `${reword(raw, cli, unknownCommand)} (${helpHint(cli)})`;
}

function reword(raw: string, cli: CAC, unknownCommand: string | undefined): string {
  if (unknownCommand !== undefined) return `${raw}${suggestion(unknownCommand, cli)}`;
  const unknownOption = /^Unknown option `(.+)`$/.exec(raw);
  if (unknownOption !== null) return `unknown option ${unknownOption[1]}`;
  const unused = /^Unused args: `([^`]*)`/.exec(raw);
  if (unused !== null) {
    const word = unused[1] ?? "";
    // Nothing matched by name: the first word was meant as a command.
    if (cli.matchedCommandName === undefined)
      return `unknown command '${word}'${suggestion(word, cli)}`;
    return `unexpected argument '${word}'`;
  }
  const missing = /^missing required args for command `(\S+)/.exec(raw);
  if (missing !== null) return `${missing[1]} needs more arguments`;
  return raw;
}
