/**
 * A stand-in browser for login tests, started by sso-sync through $BROWSER with the URL as its
 * last argument. It records each opening in $TEST_BROWSER_LOG, then as TEST_BROWSER_MODE says:
 * `follow` (default) loads the URL and follows the redirects as a browser would; `none` opens
 * nothing (a person who never signs in); `junk` goes straight to the callback with junk.
 * node:http, not fetch: undici's sockets fail under Wine, where the Windows tests run this.
 */
import { appendFileSync } from "node:fs";
import { get } from "node:http";

/** GETs `url`, following up to five redirects; resolves with the last status and body. */
function load(url: string, hops = 5): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      const location = response.headers.location;
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && location !== undefined && hops > 0)
          resolve(load(new URL(location, url).toString(), hops - 1));
        else resolve({ status, body });
      });
    }).on("error", reject);
  });
}

const url = process.argv[process.argv.length - 1] ?? "";
const log = process.env.TEST_BROWSER_LOG;
if (log !== undefined) appendFileSync(log, `${url}\n`);
const mode = process.env.TEST_BROWSER_MODE ?? "follow";
if (mode === "follow") {
  const page = await load(url);
  if (log !== undefined) appendFileSync(`${log}.pages`, `${page.status} ${page.body}\n`);
} else if (mode === "junk") {
  const callback = new URL(new URL(url).searchParams.get("redirect_uri") ?? "");
  callback.search = "?foo=bar&code=";
  await load(callback.toString());
}
