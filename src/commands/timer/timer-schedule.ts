/** What the scheduled run is: the exact node and script, its arguments, how often, and its environment. */
export interface TimerSpec {
  readonly node: string;
  /** Absent for a standalone executable (npm run package): `node` is then sso-sync itself. */
  readonly script?: string;
  readonly args: readonly string[];
  readonly everyMs: number;
  /** Variables the scheduled run needs that a timer's bare environment lacks (AWS_CONFIG_FILE, ...). */
  readonly env: Readonly<Record<string, string>>;
  /** Where launchd and cron append the run's output. */
  readonly logFile: string;
}

/** The program the scheduled run starts, each path named: node and the script, or the executable. */
function programPaths(spec: TimerSpec): Array<[string, string]> {
  if (spec.script === undefined) return [["the sso-sync executable path", spec.node]];
  return [
    ["the node path", spec.node],
    ["the sso-sync script path", spec.script],
  ];
}

/** The words that start the scheduled run, before its arguments. */
export function programWords(spec: TimerSpec): string[] {
  return programPaths(spec).map(([, path]) => path);
}

/** The first line of every file install writes; uninstall removes only files that carry it. */
export const MARKER = "Written by sso-sync timer install; remove with: sso-sync timer uninstall";

/**
 * Why a value cannot go into a unit file, plist or crontab line as itself, or undefined when it
 * can: a control character (a newline would start a new directive or crontab entry), a line or
 * paragraph separator, a lone surrogate, or a character XML forbids.
 */
export function timerValueProblem(value: string): string | undefined {
  const bad = /[\p{Cc}\u2028\u2029\uFFFE\uFFFF]|\p{Cs}/u.exec(value);
  if (bad === null) return undefined;
  const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  return `it holds the control character U+${code}`;
}

/**
 * The first value of the scheduled run that cannot be written as itself, named by where it comes
 * from (`--profile ...`, an environment variable, a path), with why; undefined when all can.
 */
export function timerSpecProblem(spec: TimerSpec): string | undefined {
  const secret = proxyWithCredentials(spec.env);
  if (secret !== undefined)
    return `${secret} holds the proxy's user name and password, which the timer would write in clear text into its unit file or crontab line; install it from a shell whose ${secret} has none (a proxy that needs no credentials from this machine, or a local forwarder such as cntlm or px); nothing was installed`;
  const program = programPaths(spec);
  const named: Array<[string, string]> = [
    ...program,
    ...spec.args.map((arg, index): [string, string] => {
      const flag = spec.args[index - 1];
      return [flag?.startsWith("--") ? flag : "an argument", arg];
    }),
    ...Object.entries(spec.env),
    ["the log file", spec.logFile],
  ];
  for (const [where, value] of named) {
    const problem = timerValueProblem(value);
    if (problem !== undefined)
      return `${where} ${JSON.stringify(value)}: ${problem}, which cannot go into a systemd unit, launchd plist or crontab line; nothing was installed`;
  }
  for (const [where, path] of program)
    if (!path.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(path))
      return `${where} ${JSON.stringify(path)} is not absolute; a timer runs without your working directory`;
  return undefined;
}

/** The proxy variable whose URL carries credentials (`http://user:pass@host`), if any. */
function proxyWithCredentials(env: Readonly<Record<string, string>>): string | undefined {
  return Object.entries(env).find(
    ([name, value]) => /^https?_proxy$/i.test(name) && /^[^/]*\/\/[^/@]*@/.test(value),
  )?.[0];
}

/** Text as XML character data or an attribute value: & < > and " escaped. */
export function xml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
