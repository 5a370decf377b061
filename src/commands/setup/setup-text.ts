import { shellWord } from "../../model/shell-word.js";

/** What setup wrote into the config for its session: the added lines, or that it was there. */
export function sessionLines(session: string, added: readonly string[] | undefined): string {
  if (added === undefined) return `= [sso-session ${session}] is there already with these values\n`;
  return `${added.map((line) => `+ ${line}`).join("\n")}\n\n`;
}

/** The closing lines: what the config now holds and the commands to run next; pure. */
export function nextSteps(
  session: string,
  profiles: readonly string[],
  configFile: string,
  clashes: number,
): string {
  const word = shellWord(session);
  if (profiles.length === 0) {
    const why =
      clashes > 0
        ? "every name is taken by a profile already there; choose others with --template"
        : "no account and role matched";
    return [
      `sso-sync setup: session ${session} is in ${configFile}, with no profile: ${why}`,
      `  sso-sync accounts --sso-session ${word}    # what the session may use`,
      "",
    ].join("\n");
  }
  const first = shellWord(profiles[0] ?? "");
  const count = profiles.length === 1 ? "1 profile" : `${profiles.length} profiles`;
  const rows: Array<[string, string]> = [
    [`export AWS_PROFILE=${first}`, "then any AWS tool uses it (or --profile with the AWS CLI)"],
    ["sso-sync status", "every profile's credentials and when they expire"],
    ["sso-sync timer install", "keep the credentials fresh in the background"],
    [`sso-sync login --sso-session ${word}`, "when the session has ended"],
  ];
  const width = Math.max(...rows.map(([command]) => command.length));
  return [
    `sso-sync setup: session ${session} with ${count} in ${configFile}; next:`,
    ...rows.map(([command, why]) => `  ${command.padEnd(width)}  # ${why}`),
    "",
  ].join("\n");
}
