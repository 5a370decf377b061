import { ExitCode } from "./exit-code.js";

/** What kind of failure a run ended in: it decides the exit code and the JSON `error.kind`. */
export type FailureKind = "usage" | "internal";

/** Why a run did not do what was asked: one line to print, and the fix when there is one. */
export interface Failure {
  /** The exit code (see README "Exit codes"). */
  readonly code: number;
  readonly kind: FailureKind;
  readonly message: string;
  /** What to do about it, said after the message in parentheses. */
  readonly fix?: string;
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

/** A mistake in the command line (exit 2). */
export function usageFailure(message: string, fix?: string): Failure {
  return fix === undefined
    ? { code: ExitCode.usage, kind: "usage", message }
    : { code: ExitCode.usage, kind: "usage", message, fix };
}

/** A bug or an unexpected error (exit 1). */
export function internalFailure(message: string): Failure {
  return { code: ExitCode.internal, kind: "internal", message };
}

/** The failure's line as printed: the message, then the fix in parentheses. */
export function failureText(failure: Failure): string {
  return failure.fix === undefined ? failure.message : `${failure.message} (${failure.fix})`;
}
