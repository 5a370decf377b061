/** Documented exit codes. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  loginNeeded: 3,
  profileFailed: 4,
  writeFailed: 5,
  /** `doctor` found at least one error. */
  doctorErrors: 6,
  /** exec: the command could not be started (not found, or refused), as a shell says it. */
  notStarted: 127,
  /** Ctrl-C (SIGINT) or SIGTERM stopped a login while it waited; nothing was written. */
  interrupted: 130,
} as const;
