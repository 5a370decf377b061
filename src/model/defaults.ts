/** Defaults shared by the help text, the parsing, and commands that run another (login's sync). */
export const DEFAULTS = {
  concurrency: 16,
  timeoutSeconds: 20,
  lockTimeoutSeconds: 20,
  minValidity: "15m",
  every: "30m",
} as const;
