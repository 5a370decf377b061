import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { evaluateToken, type TokenState, tokenCacheFileName } from "./sso-token.js";

/** Reads and judges the cached token for one start URL or session name. */
export async function readCachedToken(
  cacheDir: string,
  tokenKey: string,
  now: Date,
): Promise<TokenState> {
  let text: string;
  try {
    text = await readFile(join(cacheDir, tokenCacheFileName(tokenKey)), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problem: code === "ENOENT" || code === "ENOTDIR" ? "missing" : "unreadable",
    };
  }
  return evaluateToken(text, now);
}
