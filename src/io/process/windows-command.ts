import { statSync } from "node:fs";
import { win32 } from "node:path";
import { failed, notStartedFailure, ok, type Result } from "../../model/result.js";

/** How to start a command on Windows: the program, its arguments, and whether they are quoted already. */
export interface WindowsLaunch {
  readonly file: string;
  readonly args: readonly string[];
  /** The arguments form the command line as they are (cmd.exe's own quoting). */
  readonly verbatim: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A variable by name, ignoring case, as Windows looks them up. */
export function windowsVariable(env: Env, name: string): string | undefined {
  const wanted = name.toUpperCase();
  for (const [key, value] of Object.entries(env)) if (key.toUpperCase() === wanted) return value;
  return undefined;
}

const DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

/**
 * Finds `command` as cmd.exe would: a name with a directory part as it is, else each PATH entry;
 * a name without a known extension tried with each PATHEXT extension in order. The current
 * directory is not searched first (unlike cmd.exe): a file dropped into a repository must not
 * shadow `terraform`; give `.\tool` for that.
 */
export function findWindowsCommand(
  command: string,
  env: Env,
  exists: (path: string) => boolean = isFile,
): string | undefined {
  const extensions = (windowsVariable(env, "PATHEXT") || DEFAULT_PATHEXT)
    .split(";")
    .filter((ext) => ext.startsWith("."));
  const given = win32.extname(command).toUpperCase();
  // A .ps1 named in full is run through PowerShell even when PATHEXT does not list it.
  const known = given === ".PS1" || extensions.some((ext) => ext.toUpperCase() === given);
  const candidates = (base: string) => [
    ...(known ? [base] : []),
    ...extensions.map((ext) => base + ext.toLowerCase()),
  ];
  const hasDirectory = /[\\/]/.test(command) || /^[A-Za-z]:/.test(command);
  const dirs = hasDirectory
    ? [""]
    : (windowsVariable(env, "PATH") ?? "")
        .split(";")
        .map((dir) => dir.replace(/^"(.*)"$/, "$1"))
        .filter((dir) => dir !== "");
  for (const dir of dirs) {
    const base = dir === "" ? command : win32.join(dir, command);
    const found = candidates(base).find((path) => exists(path));
    if (found !== undefined) return found;
  }
  return undefined;
}

// Inside double quotes cmd.exe takes & | < > ^ literally, but it still expands %VAR% (and !VAR!
// with delayed expansion, which /v:off turns off), a quote ends the quoting, and a line break ends
// the command: such an argument could run something else (CVE-2024-27980, "BatBadBut").
const UNSAFE_FOR_CMD = /["%\r\n\0]/;

/** The cmd.exe command line that runs `script` (a .cmd or .bat) with `args`, each argument quoted. */
export function cmdCommandLine(script: string, args: readonly string[]): string | undefined {
  const words = [script, ...args];
  if (words.some((word) => UNSAFE_FOR_CMD.test(word))) return undefined;
  // /s: cmd.exe strips the outer pair of quotes and runs the rest as it is.
  return `/d /s /v:off /c "${words.map((word) => `"${word}"`).join(" ")}"`;
}

/**
 * How to start `command` on Windows. node cannot start a .cmd or .bat by itself (since 20.12.2 it
 * refuses without a shell): those run through cmd.exe with every argument quoted, and arguments
 * cmd.exe cannot take safely are refused. A .ps1 runs through PowerShell with -File, which passes
 * arguments as they are.
 */
export function windowsLaunch(
  command: string,
  args: readonly string[],
  env: Env,
  exists?: (path: string) => boolean,
): Result<WindowsLaunch> {
  const found = findWindowsCommand(command, env, exists);
  const ext = win32.extname(found ?? command).toLowerCase();
  if (ext === ".ps1") {
    const script = found ?? command;
    const powershell = win32.join(
      windowsVariable(env, "SystemRoot") ?? "C:\\Windows",
      "System32",
      "WindowsPowerShell",
      "v1.0",
      "powershell.exe",
    );
    return ok({
      file: powershell,
      args: ["-NoLogo", "-NoProfile", "-File", script, ...args],
      verbatim: false,
    });
  }
  if (found === undefined) return failed(notStartedFailure(`${command}: command not found`));
  if (ext !== ".cmd" && ext !== ".bat") return ok({ file: found, args, verbatim: false });
  const line = cmdCommandLine(found, args);
  if (line === undefined)
    return failed(
      notStartedFailure(
        `${command}: is a batch file, and cmd.exe cannot be given an argument holding " % or a line break safely; run the program it wraps directly`,
      ),
    );
  const comspec = windowsVariable(env, "ComSpec") || "cmd.exe";
  return ok({ file: comspec, args: [line], verbatim: true });
}
