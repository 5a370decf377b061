import { ExitCode } from "./exit-code.js";

/**
 * What kind of failure a run ended in, as the JSON `error.kind` says it: `usage` (exit 2),
 * `config` (2), `write` (a file could not be read or written, 5), `login` (3), `profile` (4),
 * `interrupted` (130), `not-started` (exec's command could not be started, 127), `internal` (1).
 */
export type FailureKind =
  | "usage"
  | "config"
  | "write"
  | "login"
  | "profile"
  | "interrupted"
  | "not-started"
  | "internal";

/** What an AWS call's failure means for one profile: the sync report's `failure` for it. */
export type AwsFailureCause =
  | "forbidden"
  | "not-found"
  | "throttled"
  | "timeout"
  | "network"
  | "portal";

/** Why a run (or one step of it) did not do what was asked: one line, and the fix if any. */
export interface Failure {
  /** The exit code (see README "Exit codes"), set by the constructor below that made it. */
  readonly code: number;
  readonly kind: FailureKind;
  readonly message: string;
  /** What to do about it, said after the message in parentheses. */
  readonly fix?: string;
  /** For a failed AWS call: what it means for the profile (forbidden, throttled, ...). */
  readonly cause?: AwsFailureCause;
  /**
   * The command's own fields of its `--json` document for this failed run, printed after
   * `version` and `exitCode` in place of the envelope's `error` (accounts, populate, status).
   */
  readonly json?: Readonly<Record<string, unknown>>;
}

/** A value, or the Failure that stopped it. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: Failure };

/** A Result holding `value`. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A Result holding `failure`. */
export function failed<T = never>(failure: Failure): Result<T> {
  return { ok: false, failure };
}

function failure(code: number, kind: FailureKind, message: string, fix?: string): Failure {
  return fix === undefined ? { code, kind, message } : { code, kind, message, fix };
}

/** A mistake in the command line (exit 2). */
export function usageFailure(message: string, fix?: string): Failure {
  return failure(ExitCode.usage, "usage", message, fix);
}

/** A config file that is missing, unreadable as config, or names nothing to do (exit 2). */
export function configFailure(message: string, fix?: string): Failure {
  return failure(ExitCode.usage, "config", message, fix);
}

/** A file that could not be read or written (exit 5). */
export function writeFailure(message: string, fix?: string): Failure {
  return failure(ExitCode.writeFailed, "write", message, fix);
}

/** A session that needs a login first (exit 3). */
export function loginFailure(message: string, fix?: string): Failure {
  return failure(ExitCode.loginNeeded, "login", message, fix);
}

/** A profile (or the portal call for it) that failed (exit 4); `cause` when AWS said why. */
export function profileFailure(message: string, cause?: AwsFailureCause): Failure {
  const made = failure(ExitCode.profileFailed, "profile", message);
  return cause === undefined ? made : { ...made, cause };
}

/** Ctrl-C or SIGTERM stopped a wait; nothing was written (exit 130). */
export function interruptedFailure(message: string): Failure {
  return failure(ExitCode.interrupted, "interrupted", message);
}

/** A command exec could not start: not found, or refused before it ran (exit 127). */
export function notStartedFailure(message: string): Failure {
  return failure(ExitCode.notStarted, "not-started", message);
}

/** A bug or an unexpected error (exit 1). */
export function internalFailure(message: string): Failure {
  return failure(ExitCode.internal, "internal", message);
}

/** The same failure with the command's own `--json` fields (see Failure.json). */
export function withJson(failure: Failure, json: Readonly<Record<string, unknown>>): Failure {
  return { ...failure, json };
}

/** The failure's line as printed: the message, then the fix in parentheses. */
export function failureText(failure: Failure): string {
  return failure.fix === undefined ? failure.message : `${failure.message} (${failure.fix})`;
}

/** The failure as JSON reports give it: `{kind, message}`. */
export function failureJson(failure: Failure): { kind: FailureKind; message: string } {
  return { kind: failure.kind, message: failureText(failure) };
}
