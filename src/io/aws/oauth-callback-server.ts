import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readRedirectQuery, type SignInAnswer } from "../../model/pkce.js";

/** The answer this login's browser brought, and the tab still waiting for its page. */
export interface CallbackAnswer {
  readonly answer: SignInAnswer;
  /** Shows the tab its page: "signed in" only once the code has been exchanged for a token. */
  finish(signedIn: boolean): void;
}

/** The loopback server the browser is redirected to after the sign-in. */
export interface CallbackServer {
  readonly port: number;
  /** The first answer carrying this login's state (a code, a refusal, or junk). */
  readonly answer: Promise<CallbackAnswer>;
  /** Stops listening and drops every connection; a tab still waiting is told it failed. */
  close(): void;
}

/** The port asked for is taken or not ours to bind. */
export class CallbackPortError extends Error {
  override readonly name = "CallbackPortError";
}

const PAGES = {
  signedIn: "Signed in. sso-sync has what it needs: close this tab and return to the terminal.",
  failed: "The sign-in could not be completed. Return to the terminal to see why.",
  refused: "The sign-in was not approved. Return to the terminal.",
  junk: "This is not a sign-in answer, so it was refused. Return to the terminal and start again.",
  notOurs: "This is not the answer of the sign-in sso-sync is waiting for; it was ignored.",
  over: "This sign-in is over. Return to the terminal.",
};

function page(response: ServerResponse, status: number, text: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>sso-sync</title></head><body><p>${text}</p></body></html>`;
  // No Access-Control-* header ever: no other origin may read these pages.
  response
    .writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      connection: "close",
    })
    .end(html);
}

/**
 * Whether a request is a browser tab's own navigation: a browser's fetch metadata, when sent,
 * says it is a top-level navigation (not a script's fetch, an image, or a frame of another page).
 */
function navigation(request: IncomingMessage): boolean {
  const mode = request.headers["sec-fetch-mode"];
  const dest = request.headers["sec-fetch-dest"];
  return (mode === undefined || mode === "navigate") && (dest === undefined || dest === "document");
}

/**
 * Listens on 127.0.0.1 (never all interfaces: the code must not be reachable from the network)
 * on `port`, 0 for any; resolves once listening, so the browser is opened only after that. Only a
 * tab's GET of http://127.0.0.1:PORT/oauth/callback with this login's `state` is taken as the
 * answer; any other request is answered with an error and changes nothing.
 */
export async function startCallbackServer(
  port: number,
  expectedState: string,
): Promise<CallbackServer> {
  let settle: (taken: CallbackAnswer) => void = () => undefined;
  const answer = new Promise<CallbackAnswer>((resolve) => {
    settle = resolve;
  });
  let answered = false;
  let waiting: ((signedIn: boolean) => void) | undefined;
  let listening = port;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // Only the address the browser was sent to: a DNS-rebound name reaches us with its own Host.
    if (request.headers.host !== `127.0.0.1:${listening}`)
      return page(response, 400, "Bad request.");
    // A request line like `GET http://[ HTTP/1.1` passes the HTTP parser; new URL would throw.
    const target = request.url ?? "/";
    if (!URL.canParse(target, "http://127.0.0.1")) return page(response, 400, "Bad request.");
    const url = new URL(target, "http://127.0.0.1");
    if (url.pathname !== "/oauth/callback") return page(response, 404, "Not found.");
    if (request.method !== "GET") {
      response.setHeader("allow", "GET");
      return page(response, 405, "Method not allowed.");
    }
    if (!navigation(request)) return page(response, 400, "Bad request.");
    if (answered) return page(response, 409, PAGES.over);
    const judged = readRedirectQuery(url.searchParams, expectedState);
    if (judged.kind === "wrong-state") return page(response, 400, PAGES.notOurs);
    answered = true;
    if (judged.kind !== "code") page(response, 400, PAGES[judged.kind]);
    else
      waiting = (signedIn) => {
        waiting = undefined;
        page(response, signedIn ? 200 : 500, signedIn ? PAGES.signedIn : PAGES.failed);
      };
    settle({ answer: judged, finish: (signedIn) => waiting?.(signedIn) });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? "is in use" : `cannot be used (${error.code})`;
      reject(new CallbackPortError(`port ${port} on 127.0.0.1 ${why}`));
    });
    server.listen(port, "127.0.0.1", resolve);
  });
  listening = (server.address() as AddressInfo).port;
  return {
    port: listening,
    answer,
    close() {
      waiting?.(false);
      server.close();
      // The last page must get out first (each is sent with `connection: close`); a connection
      // still open after that (a client that never finishes its request) is cut.
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 200).unref();
    },
  };
}
