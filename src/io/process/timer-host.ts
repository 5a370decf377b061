import { mkdir, readFile, rm, rmdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { writeFileAtomic } from "../files/atomic-write.js";
import { runTool, type ToolResult } from "./run-tool.js";

/** The files and programs `timer` touches; passed in, so tests record what it would do. */
export interface TimerHost {
  /** Runs a helper program (systemctl, launchctl, schtasks) without a shell; 127 when absent. */
  run(command: readonly string[]): Promise<ToolResult>;
  /** A file's bytes, or undefined when it cannot be read (absent). */
  read(path: string): Promise<Uint8Array | undefined>;
  /** When a file was last modified, or undefined when there is none. */
  modified(path: string): Promise<Date | undefined>;
  /** Creates `dir` and its missing parents; returns the directories it created, outermost first. */
  makeDirectory(dir: string): Promise<readonly string[]>;
  /** Replaces `path` with `data` atomically: temp file, fsync, rename. */
  write(path: string, data: string | Uint8Array): Promise<void>;
  /** Removes a file, or a directory when it is empty; nothing when it is absent or not empty. */
  remove(path: string): Promise<void>;
}

/** The real machine: files through node:fs, helpers through execFile. */
export function systemTimerHost(): TimerHost {
  return {
    run: ([file = "", ...args]) => runTool(file, args),
    read: (path) => readFile(path).catch(() => undefined),
    modified: async (path) => (await stat(path).catch(() => undefined))?.mtime,
    async makeDirectory(dir) {
      const first = await mkdir(dir, { recursive: true });
      return first === undefined ? [] : chain(first, dir);
    },
    write: (path, data) => writeFileAtomic(path, data),
    async remove(path) {
      const found = await stat(path).catch(() => undefined);
      if (found?.isDirectory()) await rmdir(path).catch(() => undefined);
      else if (found !== undefined) await rm(path, { force: true });
    },
  };
}

/** `from` and each directory below it down to `to`, outermost first. */
function chain(from: string, to: string): string[] {
  const dirs = [from];
  let current = from;
  for (const part of relative(from, to)
    .split(sep)
    .filter((name) => name !== "")) {
    current = join(current, part);
    dirs.push(current);
  }
  return dirs;
}
