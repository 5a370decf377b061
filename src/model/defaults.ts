/** Defaults shared by the help text, the parsing, and commands that run another (login's sync). */
export const DEFAULTS = {
  concurrency: 16,
  timeoutSeconds: 20,
  lockTimeoutSeconds: 20,
  minValidity: "15m",
  every: "30m",
  /** How long a login (sso-sync login, or --login) waits for the person to sign in. */
  loginTimeoutSeconds: 600,
} as const;
