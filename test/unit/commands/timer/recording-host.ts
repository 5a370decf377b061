import { dirname } from "node:path";
import type { ToolResult } from "../../../../src/io/process/run-tool.js";
import type { TimerHost } from "../../../../src/io/process/timer-host.js";

/** How a stand-in helper answers a command; exit 0 with no output unless told otherwise. */
export type Answer = (command: readonly string[]) => Partial<ToolResult> | undefined;

/**
 * A TimerHost over an in-memory file tree: it records every helper run and every change, in
 * order, so a test can assert exactly what install, uninstall or status did.
 */
export class RecordingHost implements TimerHost {
  readonly files = new Map<string, { bytes: Uint8Array; mtime: Date }>();
  readonly dirs = new Set<string>(["/"]);
  /** `run <command>`, `mkdir <dir>`, `write <path>`, `remove <path>`, in order. */
  readonly calls: string[] = [];
  /** Makes the write of a path throw, as the real one would (EACCES, ENOSPC). */
  failWrite: (path: string) => NodeJS.ErrnoException | undefined = () => undefined;

  constructor(
    private readonly answer: Answer = () => undefined,
    existing: readonly string[] = ["/home/me"],
  ) {
    for (const dir of existing) this.addDirectory(dir);
  }

  /** Puts a file in place before the run, as the user or an earlier install left it. */
  seed(path: string, text: string | Uint8Array, mtime = new Date(0)): void {
    this.addDirectory(dirname(path));
    const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    this.files.set(path, { bytes, mtime });
  }

  text(path: string): string | undefined {
    const file = this.files.get(path);
    return file === undefined ? undefined : Buffer.from(file.bytes).toString("utf8");
  }

  /** Only the helper runs, without the `run ` prefix. */
  runs(): string[] {
    return this.calls.filter((call) => call.startsWith("run ")).map((call) => call.slice(4));
  }

  async run(command: readonly string[]): Promise<ToolResult> {
    this.calls.push(`run ${command.join(" ")}`);
    return { code: 0, stdout: "", stderr: "", ...this.answer(command) };
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    return this.files.get(path)?.bytes;
  }

  async modified(path: string): Promise<Date | undefined> {
    return this.files.get(path)?.mtime;
  }

  async makeDirectory(dir: string): Promise<readonly string[]> {
    const made: string[] = [];
    for (let current = dir; !this.dirs.has(current); current = dirname(current))
      made.unshift(current);
    for (const path of made) {
      this.dirs.add(path);
      this.calls.push(`mkdir ${path}`);
    }
    return made;
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    if (!this.dirs.has(dirname(path))) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
    const refused = this.failWrite(path);
    if (refused !== undefined) throw refused;
    this.calls.push(`write ${path}`);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    this.files.set(path, { bytes, mtime: new Date(0) });
  }

  async remove(path: string): Promise<void> {
    if (this.files.delete(path)) this.calls.push(`remove ${path}`);
    else if (this.dirs.has(path) && !this.holdsAnything(path)) {
      this.dirs.delete(path);
      this.calls.push(`remove ${path}`);
    }
  }

  private holdsAnything(dir: string): boolean {
    const inside = (path: string) => dirname(path) === dir;
    return (
      [...this.files.keys()].some(inside) ||
      [...this.dirs].some((path) => path !== dir && inside(path))
    );
  }

  private addDirectory(dir: string): void {
    for (let current = dir; !this.dirs.has(current); current = dirname(current))
      this.dirs.add(current);
  }
}
