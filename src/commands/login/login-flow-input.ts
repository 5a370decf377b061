import type { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import type { Registration, RegistrationKey } from "../../model/login-cache.js";
import { failed, interruptedFailure, ok, type Result } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import type { ListingSource } from "../shared/listing-source.js";

/** What either login flow works with. */
export interface FlowInput {
  readonly client: SSOOIDCClient;
  readonly key: RegistrationKey;
  readonly source: ListingSource;
  /** Epoch milliseconds by which the person must have approved. */
  readonly deadline: number;
  /** Aborted by Ctrl-C (or SIGTERM): the flow stops waiting and writes nothing. */
  readonly signal: AbortSignal;
  readonly openBrowser: boolean;
  readonly context: CommandContext;
}

/** A new token and the registration that got it. */
export interface FlowToken {
  readonly registration: Registration;
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly refreshToken?: string;
}

/** A new token, or why there is none. */
export type FlowResult = Result<FlowToken>;

/** The token a CreateToken answer gives, expiring `expiresInSeconds` after `now`. */
export function flowToken(
  registration: Registration,
  answer: { accessToken: string; expiresInSeconds: number; refreshToken?: string },
  now: Date,
): FlowResult {
  const token = {
    registration,
    accessToken: answer.accessToken,
    expiresAt: new Date(now.getTime() + answer.expiresInSeconds * 1000),
  };
  return ok(
    answer.refreshToken === undefined ? token : { ...token, refreshToken: answer.refreshToken },
  );
}

/** How every login step that Ctrl-C (or SIGTERM) stopped ends: exit 130, nothing written. */
export const INTERRUPTED: Result<never> = failed(
  interruptedFailure("interrupted; nothing was written"),
);
