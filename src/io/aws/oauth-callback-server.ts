import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type RedirectAnswer, readRedirectQuery } from "../../model/pkce.js";

/** The loopback server the browser is redirected to after the sign-in. */
export interface CallbackServer {
  readonly port: number;
  /** The first callback's answer (a code, a refusal, a wrong state, or junk). */
  readonly answer: Promise<RedirectAnswer>;
  /** Stops listening and drops every connection. */
  close(): void;
}

/** The port asked for is taken or not ours to bind. */
export class CallbackPortError extends Error {
  override readonly name = "CallbackPortError";
}

const PAGE_TEXT: Record<RedirectAnswer["kind"], string> = {
  code: "Signed in. sso-sync has what it needs: close this tab and return to the terminal.",
  refused: "The sign-in was not approved. Return to the terminal.",
  "wrong-state":
    "This answer belongs to another sign-in, so it was refused. Return to the terminal and start again.",
  junk: "This is not a sign-in answer, so it was refused. Return to the terminal and start again.",
};

function page(response: ServerResponse, status: number, text: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>sso-sync</title></head><body><p>${text}</p></body></html>`;
  response
    .writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      connection: "close",
    })
    .end(html);
}

/**
 * Listens on 127.0.0.1 (never all interfaces: the code must not be reachable from the network)
 * on `port`, 0 for any; resolves once listening, so the browser is opened only after that.
 */
export async function startCallbackServer(
  port: number,
  expectedState: string,
): Promise<CallbackServer> {
  let settle: (answer: RedirectAnswer) => void = () => undefined;
  const answer = new Promise<RedirectAnswer>((resolve) => {
    settle = resolve;
  });
  let answered = false;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // A request line like `GET http://[ HTTP/1.1` passes the HTTP parser; new URL would throw.
    const target = request.url ?? "/";
    if (!URL.canParse(target, "http://127.0.0.1")) return page(response, 400, "Bad request.");
    const url = new URL(target, "http://127.0.0.1");
    if (url.pathname !== "/oauth/callback") return page(response, 404, "Not found.");
    if (request.method !== "GET") return page(response, 405, "Method not allowed.");
    if (answered) return page(response, 409, "This sign-in is over. Return to the terminal.");
    answered = true;
    const judged = readRedirectQuery(url.searchParams, expectedState);
    page(response, judged.kind === "code" ? 200 : 400, PAGE_TEXT[judged.kind]);
    settle(judged);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? "is in use" : `cannot be used (${error.code})`;
      reject(new CallbackPortError(`port ${port} on 127.0.0.1 ${why}`));
    });
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    answer,
    close() {
      server.close();
      server.closeAllConnections();
    },
  };
}
