import { fstatSync, statSync } from "node:fs";
import { isatty } from "node:tty";

// process.stdout, process.stderr and process.stdin are streams node builds on first read, loading
// its stream and net modules (a few ms: more than the rest of an all-fresh run's own work). A
// run that prints nothing never reads them; these functions read them only to write.

let stdoutReady = false;

/** Writes to stdout; `sso-sync status | head -1` closing it early is not an error worth a trace. */
export function writeOut(text: string): void {
  if (!stdoutReady) {
    stdoutReady = true;
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  process.stdout.write(text);
}

/** Writes to stderr. */
export function writeErr(text: string): void {
  process.stderr.write(text);
}

let devNull: number | undefined;

/**
 * Whether file descriptor `fd` is a terminal, as `isatty(3)` says, without building its stream.
 * Only a character device can be one, and /dev/null (stdin under cron, hooks and CI) is not:
 * anything else is asked of the tty module (loading it loads net, as the streams would).
 */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  if (process.platform === "win32") return isatty(fd);
  let rdev: number;
  try {
    const stats = fstatSync(fd);
    if (!stats.isCharacterDevice()) return false;
    rdev = stats.rdev;
  } catch {
    return false;
  }
  devNull ??= nullDevice();
  return rdev !== devNull && isatty(fd);
}

function nullDevice(): number {
  try {
    return statSync("/dev/null").rdev;
  } catch {
    return -1;
  }
}
