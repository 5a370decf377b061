import { shlexSplit } from "./shell-split.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Windows command-line words: double quotes group, backslashes stay (C:\Program Files\...). */
function windowsWords(entry: string): string[] {
  return [...entry.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "");
}

/** One $BROWSER entry as words: shell quoting (as gh reads it), Windows quoting on Windows. */
function entryWords(entry: string, platform: NodeJS.Platform): string[] {
  // shlex would eat the backslashes of a Windows path.
  return platform === "win32" ? windowsWords(entry) : (shlexSplit(entry) ?? []);
}

/**
 * The commands to try, in order: $BROWSER's entries (separated like PATH, as Python's webbrowser
 * reads it; `%s` stands for the URL, else it is appended), else the platform opener.
 */
export function openerCommands(url: string, env: Env, platform: NodeJS.Platform): string[][] {
  const fromEnv = (env.BROWSER ?? "")
    .split(platform === "win32" ? ";" : ":")
    .map((entry) => entryWords(entry, platform))
    .filter((words) => words.length > 0)
    .map((words) =>
      words.some((word) => word.includes("%s"))
        ? words.map((word) => word.replaceAll("%s", () => url))
        : [...words, url],
    );
  if (fromEnv.length > 0) return fromEnv;
  // cmd's `start` treats its first quoted word as a window title, hence the empty one.
  if (platform === "win32") return [["cmd.exe", "/d", "/s", "/c", `start "" "${url}"`]];
  if (platform === "darwin") return [["open", url]];
  return [["xdg-open", url]];
}
