import { join } from "node:path";

/** Where the AWS CLI keeps the files sso-sync reads and writes. */
export interface AwsPaths {
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly ssoCacheDir: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The home directory the AWS CLI uses: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, then the OS. */
export function homeDirectory(env: Env, osHome: string): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEDRIVE && env.HOMEPATH) return env.HOMEDRIVE + env.HOMEPATH;
  return osHome;
}

/** Expands `~` and `$VAR`/`${VAR}` as botocore does for AWS_CONFIG_FILE and friends. */
export function expandPath(path: string, env: Env, home: string): string {
  const withHome = path === "~" || path.startsWith("~/") ? home + path.slice(1) : path;
  return withHome.replace(/\$(?:\{(\w+)\}|(\w+))/g, (whole, braced?: string, bare?: string) => {
    const value = env[braced ?? bare ?? ""];
    return value ?? whole;
  });
}

/** Resolves the config, credentials and SSO cache locations from the environment. */
export function resolveAwsPaths(env: Env, osHome: string): AwsPaths {
  const home = homeDirectory(env, osHome);
  const pick = (variable: string, fallback: string) => {
    const value = env[variable];
    return value ? expandPath(value, env, home) : join(home, ".aws", fallback);
  };
  return {
    configFile: pick("AWS_CONFIG_FILE", "config"),
    credentialsFile: pick("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    // The CLI's token cache does not move with AWS_CONFIG_FILE.
    ssoCacheDir: join(home, ".aws", "sso", "cache"),
  };
}
