/**
 * A gate on the fake's refresh answers (SSO-OIDC CreateToken, grant refresh_token): while it is
 * closed, each refresh is worked out (the grant checked and spent, the new token issued) but its
 * answer is held back until the test opens the gate. A gate, not a sleep: the test decides when.
 */
export interface RefreshGate {
  /** Resolves once `count` refreshes (in all, since the gate was made) are being held. */
  arrived(count?: number): Promise<void>;
  /** The access tokens the held (and released) refreshes were given, in order of arrival. */
  readonly issued: readonly string[];
  /** Lets every held refresh answer, and every later one answer at once. */
  open(): void;
}

/** The fake's side of a gate: hold one answer that carries `accessToken` until the gate opens. */
export interface HeldRefreshes extends RefreshGate {
  hold(accessToken: string): Promise<void>;
}

/** A closed gate. */
export function refreshGate(): HeldRefreshes {
  const issued: string[] = [];
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    issued,
    arrived(count = 1) {
      if (issued.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    open: () => open(),
    hold(accessToken) {
      issued.push(accessToken);
      for (const waiter of waiters.filter((each) => issued.length >= each.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      return opened;
    },
  };
}
