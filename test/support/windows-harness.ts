import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, afterEach, before, beforeEach } from "node:test";
import { type FakeAws, startFakeAws } from "./fake-aws.js";
import { type RunResult, sha1 } from "./sandbox.js";
import { makeWindowsHome, runWindowsCli, type WindowsHome } from "./wine.js";

/** A Windows user's ~\.aws for one test, and the built CLI run as that user under Wine. */
export interface WindowsBox {
  readonly home: WindowsHome;
  readonly awsDir: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly cacheDir: string;
  writeConfig(text: string): Promise<void>;
  writeCredentials(text: string): Promise<void>;
  readCredentials(): Promise<string>;
  /** Writes a token cache file named like the AWS CLI does (SHA1 of the session name). */
  writeToken(key: string, token: Record<string, unknown>): Promise<void>;
  run(
    args: readonly string[],
    env?: Record<string, string | undefined>,
    path?: readonly string[],
  ): Promise<RunResult>;
}

/** The fake portal as a Windows program's environment names it. */
export function endpointEnv(fake: FakeAws): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SSO: fake.url,
    AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
    AWS_ENDPOINT_URL_STS: fake.url,
  };
}

async function makeWindowsBox(fake: FakeAws): Promise<WindowsBox> {
  const home = await makeWindowsHome();
  const awsDir = join(home.home, ".aws");
  const cacheDir = join(awsDir, "sso", "cache");
  await mkdir(cacheDir, { recursive: true });
  const configFile = join(awsDir, "config");
  const credentialsFile = join(awsDir, "credentials");
  return {
    home,
    awsDir,
    configFile,
    credentialsFile,
    cacheDir,
    writeConfig: (text) => writeFile(configFile, text),
    writeCredentials: (text) => writeFile(credentialsFile, text),
    readCredentials: () => readFile(credentialsFile, "utf8"),
    writeToken: (key, token) =>
      writeFile(join(cacheDir, `${sha1(key)}.json`), JSON.stringify(token)),
    run: (args, env = {}, path) =>
      runWindowsCli(args, {
        env: { ...endpointEnv(fake), ...env },
        ...(path === undefined ? {} : { path }),
      }),
  };
}

/** One fake AWS per test file and a fresh Windows user home per test. */
export function useWindowsHarness(): { readonly fake: FakeAws; readonly box: WindowsBox } {
  let fake: FakeAws | undefined;
  let box: WindowsBox | undefined;
  before(async () => {
    fake = await startFakeAws();
  });
  after(() => fake?.close());
  beforeEach(async () => {
    if (fake === undefined) throw new Error("the fake is started in before()");
    fake.reset();
    box = await makeWindowsBox(fake);
  });
  afterEach(() => box?.home.cleanup());
  return {
    get fake() {
      if (fake === undefined) throw new Error("the fake is started in before()");
      return fake;
    },
    get box() {
      if (box === undefined) throw new Error("the box is made in beforeEach()");
      return box;
    },
  };
}
