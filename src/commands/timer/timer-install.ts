import { dirname } from "node:path";
import { describeFsError } from "../../io/files/fs-error.js";
import type { TimerHost } from "../../io/process/timer-host.js";
import { failed, ok, writeFailure } from "../../model/result.js";
import type {
  TimerBackend,
  TimerFile,
  TimerOutcome,
  ToolCommand,
  UnitBackend,
} from "./timer-backend.js";
import { MARKER } from "./timer-schedule.js";

/** Writes the backend's files and loads them; a failure takes back what this install made. */
export async function installTimer(backend: TimerBackend, host: TimerHost): Promise<TimerOutcome> {
  if (backend.kind === "crontab") return ok(backend.installSays);
  const { files } = backend;
  const before = await Promise.all(files.map((file) => host.read(file.path)));
  const refusal = foreignFiles(files, before) ?? (await backend.foreign(host));
  if (refusal !== undefined) return refused(refusal);
  const made: string[] = [];
  const written: string[] = [];
  try {
    for (const file of files) {
      made.push(...(await host.makeDirectory(dirname(file.path))));
      await host.write(file.path, file.utf16 ? utf16WithBom(file.text) : file.text);
      written.push(file.path);
    }
  } catch (error) {
    // Only what this install created goes: a file of ours it was replacing stays.
    const created = written.filter((_, index) => before[index] === undefined);
    await takeBack(host, created, made);
    return refused(`cannot write the timer: ${describeFsError(error)}`);
  }
  if (backend.unloadBeforeLoad) await runEach(host, backend.unload);
  const failure = await loadFailure(backend, host);
  if (failure !== undefined) {
    // A schedule that never loaded is not installed: take the files back so status says so.
    await takeBack(host, written, made);
    await runEach(host, backend.reload);
    // Two lines, as always: the load's own, then what it means.
    return refused(`${failure}\nsso-sync: nothing was installed`);
  }
  const logs =
    backend.logs === undefined ? [] : [`failures and login reminders go to: ${backend.logs}`];
  const out = [...written.map((path) => `wrote ${path}`), "timer installed and started", ...logs];
  return ok(out);
}

/** Unloads the schedule and removes the files install wrote (only those carrying the marker). */
export async function uninstallTimer(
  backend: TimerBackend,
  host: TimerHost,
): Promise<TimerOutcome> {
  if (backend.kind === "crontab") return ok(backend.uninstallSays);
  const { files } = backend;
  const refusal = foreignFiles(files, await Promise.all(files.map((file) => host.read(file.path))));
  if (refusal !== undefined) return refused(refusal);
  const present = await presentFiles(host, files);
  if (present.length === 0) return ok(["no sso-sync timer is installed"]);
  const foreign = await backend.foreign(host);
  if (foreign !== undefined) return refused(foreign);
  // Unloading fails when it is not loaded; removing the files is what matters.
  await runEach(host, backend.unload);
  for (const file of present) await host.remove(file.path);
  await runEach(host, backend.reload);
  return ok([...present.map((file) => `removed ${file.path}`), "timer uninstalled"]);
}

/** The backend's files that exist now. */
export async function presentFiles(
  host: TimerHost,
  files: readonly TimerFile[],
): Promise<TimerFile[]> {
  const present: TimerFile[] = [];
  for (const file of files) if ((await host.modified(file.path)) !== undefined) present.push(file);
  return present;
}

/** An install or uninstall that left the files alone or took them back (exit 5). */
function refused(message: string): TimerOutcome {
  return failed(writeFailure(message));
}

/** Removes `files`, then the directories `made` (innermost first), each only while empty. */
async function takeBack(
  host: TimerHost,
  files: readonly string[],
  made: readonly string[],
): Promise<void> {
  for (const path of files) await host.remove(path);
  for (const dir of [...made].reverse()) await host.remove(dir);
}

/** The refusal for the first file that exists without our marker: someone else's, left alone. */
function foreignFiles(
  files: readonly TimerFile[],
  contents: ReadonlyArray<Uint8Array | undefined>,
): string | undefined {
  const index = contents.findIndex(
    (bytes) => bytes !== undefined && !decoded(bytes).includes(MARKER),
  );
  const path = files[index]?.path;
  if (path === undefined) return undefined;
  return `${path} exists and was not written by sso-sync timer install; leaving it alone (move it away first)`;
}

/** A file's text: UTF-16 when it starts with its byte-order mark (the task XML), else UTF-8. */
function decoded(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer[0] === 0xff && buffer[1] === 0xfe
    ? buffer.subarray(2).toString("utf16le")
    : buffer.toString("utf8");
}

function utf16WithBom(text: string): Uint8Array {
  return Buffer.from(`\uFEFF${text}`, "utf16le");
}

async function runEach(host: TimerHost, commands: readonly ToolCommand[]): Promise<void> {
  for (const command of commands) await host.run(command);
}

/** The first load command that fails, said in one line with the backend's hint; undefined if none. */
async function loadFailure(backend: UnitBackend, host: TimerHost): Promise<string | undefined> {
  for (const command of backend.load) {
    const result = await host.run(command);
    if (result.code === 0) continue;
    const said =
      result.code === 127
        ? "not found"
        : result.stderr.trim().split("\n")[0] || `exit ${result.code}`;
    return `${command.join(" ")} failed: ${said}${backend.loadHint}`;
  }
  return undefined;
}
