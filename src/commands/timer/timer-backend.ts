import type { TimerHost } from "../../io/process/timer-host.js";
import type { Result } from "../../model/result.js";
import type { TimerSpec } from "./timer-schedule.js";

/** How the schedule is kept: a systemd user timer, a launchd agent, a crontab line, or a Windows task. */
export type TimerPlatform = "systemd" | "launchd" | "cron" | "schtasks";

/** A helper's command line: the program, then its arguments. */
export type ToolCommand = readonly string[];

/** A file install writes. */
export interface TimerFile {
  readonly path: string;
  readonly text: string;
  /** Written as UTF-16 with a byte-order mark, as schtasks /XML reads it best. */
  readonly utf16?: boolean;
}

/** Where the schedule is installed: the user's home and environment, uid and clock. */
export interface TimerPlace {
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly uid: number;
  readonly now: () => Date;
}

/** What status reports of an installed timer's runs. */
export interface RunTimes {
  readonly nextRun?: string;
  readonly lastRun?: string;
  readonly lastResult?: string;
  readonly logs?: string;
}

/** A scheduler sso-sync writes files for and loads them into (systemd, launchd, Task Scheduler). */
export interface UnitBackend {
  readonly kind: "units";
  readonly platform: TimerPlatform;
  /** The files install writes and uninstall removes. */
  readonly files: readonly TimerFile[];
  /** Run in order after the files are written; the first failure takes the install back. */
  readonly load: readonly ToolCommand[];
  /** Unload runs before load too (launchd refuses to bootstrap an agent that is loaded). */
  readonly unloadBeforeLoad: boolean;
  readonly unload: readonly ToolCommand[];
  /** Run after the files are removed (systemd forgets the units only on a reload). */
  readonly reload: readonly ToolCommand[];
  /** Where install says failures and reminders go; undefined: it says nothing. */
  readonly logs?: string;
  /** Added to the message of a load command that failed: what usually fixes it. */
  readonly loadHint: string;
  /** A word of a printed command, quoted for the platform's shell. */
  quote(word: string): string;
  /** The printed command that removes a file (`rm`, `del`). */
  readonly removeCommand: string;
  /** Next and last run and where the logs are, for the status of an installed timer. */
  times(host: TimerHost, now: Date): Promise<RunTimes>;
  /** Why the scheduler must be left alone: it holds a schedule of our name that is not ours. */
  foreign(host: TimerHost): Promise<string | undefined>;
}

/** cron: sso-sync writes nothing; the user adds the line to their crontab. */
export interface CrontabBackend {
  readonly kind: "crontab";
  readonly platform: TimerPlatform;
  readonly line: string;
  /** What install and uninstall tell the user to do with it. */
  readonly installSays: readonly string[];
  readonly uninstallSays: readonly string[];
}

/** One platform's scheduler, behind the interface install, uninstall, status and --print use. */
export type TimerBackend = UnitBackend | CrontabBackend;

/** A backend, or why this spec cannot be written for its platform (a usage failure). */
export type BackendResult = Result<TimerBackend>;

/** How a platform is set up: where its runs log, and its backend for a spec. */
export interface TimerPlatformSupport {
  /** Where the scheduled run appends its output (systemd's goes to the journal instead). */
  logFile(place: TimerPlace): string;
  backend(spec: TimerSpec, place: TimerPlace): BackendResult;
}

/** What the timer did: lines for stdout (exit 0), or the Failure that stopped it. */
export type TimerOutcome = Result<readonly string[]>;
