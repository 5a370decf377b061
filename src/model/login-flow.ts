type Env = Readonly<Record<string, string | undefined>>;

/** How a login asks for the person's approval. */
export type LoginFlow =
  /** Authorization code with PKCE: a browser tab comes back to a loopback callback. */
  | { readonly kind: "pkce"; readonly openBrowser: boolean }
  /** Device code: a URL and a code to confirm, on any device. */
  | { readonly kind: "device"; readonly openBrowser: boolean; readonly why?: string };

/** What the person asked for, and where the login runs. */
export interface FlowChoice {
  /** The profile uses an [sso-session] (legacy profiles only have the device flow). */
  readonly isSession: boolean;
  readonly useDeviceCode: boolean;
  readonly noBrowser: boolean;
  readonly env: Env;
  readonly platform: NodeJS.Platform;
}

/**
 * Whether a browser can be opened here: $BROWSER always counts; a Linux or BSD desktop needs a
 * display; a Mac reached over SSH would open the tab on its own screen, not the user's.
 */
export function browserReachable(env: Env, platform: NodeJS.Platform): boolean {
  if (env.BROWSER) return true;
  if (platform === "win32") return true;
  const overSsh = Boolean(env.SSH_CONNECTION || env.SSH_TTY);
  if (platform === "darwin") return !overSsh;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The flow the AWS CLI would pick, with the device flow wherever no browser can be reached. */
export function chooseLoginFlow(choice: FlowChoice): LoginFlow {
  const reachable = !choice.noBrowser && browserReachable(choice.env, choice.platform);
  if (!choice.isSession) return { kind: "device", openBrowser: reachable };
  if (choice.useDeviceCode) return { kind: "device", openBrowser: reachable };
  if (choice.noBrowser) return { kind: "pkce", openBrowser: false };
  if (!reachable)
    return {
      kind: "device",
      openBrowser: false,
      why: "no browser can be opened here (no $BROWSER, no display)",
    };
  return { kind: "pkce", openBrowser: true };
}
