import type { RoleHop } from "./profile-types.js";

/** The outside world a run sees; passed in so tests and the CLI decide it. */
export interface RunContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly osHome: string;
  readonly now: () => Date;
  /** Asks a person for an MFA code (chained roles with mfa_serial); absent when nobody is there. */
  readonly mfaPrompt?: (hop: RoleHop) => Promise<string | undefined>;
}
