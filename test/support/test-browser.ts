/**
 * A stand-in browser for login tests, started by sso-sync through $BROWSER with the URL as its
 * last argument. It records each opening in $TEST_BROWSER_LOG, then as TEST_BROWSER_MODE says:
 * `follow` (default) loads the URL and follows the redirects as a browser would; `none` opens
 * nothing (a person who never signs in); `junk` goes straight to the callback with junk.
 */
import { appendFileSync } from "node:fs";

const url = process.argv[process.argv.length - 1] ?? "";
const log = process.env.TEST_BROWSER_LOG;
if (log !== undefined) appendFileSync(log, `${url}\n`);
const mode = process.env.TEST_BROWSER_MODE ?? "follow";
if (mode === "follow") {
  const page = await fetch(url);
  if (log !== undefined) appendFileSync(`${log}.pages`, `${page.status} ${await page.text()}\n`);
} else if (mode === "junk") {
  const callback = new URL(new URL(url).searchParams.get("redirect_uri") ?? "");
  callback.search = "?foo=bar&code=";
  await fetch(callback);
}
