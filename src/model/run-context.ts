import type { RoleHop } from "./profile-types.js";

/** Something a long run says while it works, for a person watching (never in pipes or JSON). */
export type RunEvent =
  | { readonly kind: "throttled" }
  | { readonly kind: "lock-wait"; readonly path: string }
  /** A request to `endpoint` (`portal eu-west-1`, `sts us-east-1`, `oidc ...`) is slow to answer. */
  | { readonly kind: "waiting"; readonly endpoint: string }
  | { readonly kind: "progress"; readonly done: number; readonly total: number };

/** The outside world a run sees; passed in so tests and the CLI decide it. */
export interface RunContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly osHome: string;
  readonly now: () => Date;
  /** Asks a person for an MFA code (chained roles with mfa_serial); absent when nobody is there. */
  readonly mfaPrompt?: (hop: RoleHop) => Promise<string | undefined>;
  /** Hears what a run is waiting for or how far it is; absent when nobody is watching. */
  readonly onEvent?: (event: RunEvent) => void;
  /**
   * Hears, once each, what a person should know about how a file was written (in place as a
   * fallback, a mode the filesystem cannot store): said on stderr, also in logs; absent under -q.
   */
  readonly onNotice?: (message: string) => void;
}

/** Where a command's words go; the CLI connects it to stdout, stderr and the terminal. */
export interface Console {
  /** Data (reports, JSON, env output): what a pipe would want. */
  out(text: string): void;
  /** Diagnostics and progress: what a person reads. */
  err(text: string): void;
  /** A person is at the terminal (stdin and stderr are TTYs): may prompt, may open a browser. */
  readonly interactive: boolean;
  /** stderr takes colour (a TTY, NO_COLOR unset, or FORCE_COLOR). */
  readonly color: boolean;
  /** stdout takes colour, by the same rules (never for --json). */
  readonly outColor: boolean;
}

/** The context without its listeners: for --json and --quiet, which show no progress. */
export function unwatched<C extends RunContext>(context: C): C {
  const { onEvent: _dropped, onNotice: _hushed, ...rest } = context;
  return rest as C;
}

/** A person's answer to one question, or how the asking ended (input closed, or Ctrl-C). */
export type Answer =
  | { readonly kind: "answer"; readonly text: string }
  | { readonly kind: "closed" }
  | { readonly kind: "interrupted" };

/** What a command action gets: the run context plus where to speak and how it was started. */
export interface CommandContext extends RunContext {
  readonly console: Console;
  readonly platform: NodeJS.Platform;
  /** The node binary and the real path of the running script, for the timer's scheduled command. */
  readonly execPath: string;
  readonly scriptPath: string;
  readonly uid: number;
  /** Ends this process by `signal`, so our parent sees what the child's parent would have seen. */
  readonly dieBySignal: (signal: NodeJS.Signals) => void;
  /** Lines typed or piped on stdin until `signal` aborts or input ends (a pasted address). */
  readonly readLines?: (signal: AbortSignal) => AsyncIterable<string>;
  /** Hears the first Ctrl-C or SIGTERM instead of dying; returns how to stop listening. */
  readonly onInterrupt?: (handler: () => void) => () => void;
  /** Asks a person one question on the terminal (setup); absent when nobody is there to answer. */
  readonly ask?: (question: string) => Promise<Answer>;
}
