import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { get } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sessionConfig } from "./config-text.js";
import type { Harness } from "./harness.js";
import { sha1 } from "./sandbox.js";

/** The stand-in browser (test-browser.ts), as $BROWSER starts it. */
export const BROWSER_SCRIPT = fileURLToPath(new URL("./test-browser.js", import.meta.url));

/** What a TEST_BROWSER_MODE makes the stand-in browser do. */
export type BrowserMode = "follow" | "none" | "junk";

/** Login test steps bound to one harness: session `acme`, profile `dev`, the stand-in browser. */
export function loginSteps(harness: Harness) {
  return {
    /** A session `acme` that has never logged in, and a fake that approves the sign-in. */
    async neverLoggedIn(): Promise<void> {
      await harness.box.writeConfig(
        sessionConfig("acme", [{ name: "dev", account: "111111111111", role: "Admin" }]),
      );
      harness.fake.login.device.assignments = ["111111111111/Admin"];
      harness.fake.login.device.intervalSeconds = 1;
    },
    /** $BROWSER set to the stand-in browser, recording into the sandbox. */
    browserEnv(mode: BrowserMode = "follow"): Record<string, string> {
      return {
        BROWSER: `${process.execPath} ${BROWSER_SCRIPT}`,
        TEST_BROWSER_LOG: join(harness.box.home, "browser.log"),
        TEST_BROWSER_MODE: mode,
      };
    },
    /** The URLs the stand-in browser was opened with, in order. */
    async browserOpenings(): Promise<string[]> {
      const text = await readFile(join(harness.box.home, "browser.log"), "utf8").catch(() => "");
      return text.split("\n").filter((line) => line !== "");
    },
    /** The session's token cache file. */
    tokenFile: (): string => join(harness.box.cacheDir, `${sha1("acme")}.json`),
  };
}

/** Whether anything is at `path`. */
export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Resolves with stderr so far once it matches `pattern` (the child keeps running). */
export function stderrUntil(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const hear = (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) {
        child.stderr?.off("data", hear);
        resolve(text);
      }
    };
    child.stderr?.on("data", hear);
    child.once("exit", () => reject(new Error(`exited before ${pattern}: ${text}`)));
  });
}

/** The authorize address a browser login printed. */
export function authorizeUrlIn(stderr: string): URL {
  const match = /^ {2}(http\S+\/authorize\?\S+)$/m.exec(stderr);
  assert.ok(match?.[1], stderr);
  return new URL(match[1]);
}

/**
 * Opens `url` as a browser tab navigates to it (node:http, no fetch metadata; undici's fetch says
 * `sec-fetch-mode: cors`, which is a script's request, not a tab's); follows no redirect.
 */
export function navigate(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
      );
    }).on("error", reject);
  });
}

/** The port of the callback the authorize URL redirects to. */
export function callbackPortOf(authorize: URL): number {
  return Number(new URL(authorize.searchParams.get("redirect_uri") ?? "").port);
}

/** The address the fake's /authorize redirects to (the approved sign-in, not yet delivered). */
export async function landingOf(authorize: URL): Promise<string> {
  const approved = await fetch(authorize, { redirect: "manual" });
  return approved.headers.get("location") ?? "";
}

/** Sends raw bytes to 127.0.0.1:port and returns the whole answer (or the socket error). */
export function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
    socket.write(text);
  });
}
