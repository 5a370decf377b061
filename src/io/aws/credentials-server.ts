import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the endpoint answers an authorized request: a status and a JSON body. */
export interface EndpointAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A running credentials endpoint. */
export interface CredentialsServer {
  /** `http://127.0.0.1:PORT/`: what AWS_CONTAINER_CREDENTIALS_FULL_URI is set to. */
  readonly url: string;
  /** Stops listening and drops every connection. */
  close(): void;
}

/** The port asked for is taken, out of reach or not ours to bind. */
export class EndpointPortError extends Error {
  override readonly name = "EndpointPortError";
}

const HOST = "127.0.0.1";

function send(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
    .end(JSON.stringify(body));
}

const refusal = (code: string, message: string) => ({ Code: code, Message: message });

/** Constant-time comparison of the header with the token (digests, so lengths never leak). */
function sameToken(header: string, token: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(header), digest(token));
}

/** Checks Host, method and token; answers the refusal and returns false when one fails. */
function admitted(request: IncomingMessage, response: ServerResponse, port: number, token: string) {
  // A web page on another name resolved to 127.0.0.1 (DNS rebinding) sends its own Host.
  if (request.headers.host !== `${HOST}:${port}`) {
    send(response, 403, refusal("InvalidHost", `only ${HOST}:${port} is served`));
    return false;
  }
  if (request.method !== "GET") {
    send(response, 405, refusal("MethodNotAllowed", "only GET is served"));
    return false;
  }
  // The SDKs send AWS_CONTAINER_AUTHORIZATION_TOKEN as the whole Authorization header.
  const header = request.headers.authorization;
  if (header === undefined || header === "") {
    send(response, 401, refusal("MissingToken", "Authorization is required"));
    return false;
  }
  if (!sameToken(header, token)) {
    send(response, 403, refusal("InvalidToken", "Authorization does not match"));
    return false;
  }
  return true;
}

/**
 * Serves `answer()` on 127.0.0.1 (never all interfaces) at `port`, 0 for any, to requests that
 * carry `token` in Authorization and name 127.0.0.1 as their Host; resolves once listening.
 */
export async function startCredentialsServer(
  port: number,
  token: string,
  answer: () => Promise<EndpointAnswer>,
): Promise<CredentialsServer> {
  let bound = port;
  const server = createServer((request, response) => {
    if (!admitted(request, response, bound, token)) return;
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/") return send(response, 404, refusal("NotFound", "no such path"));
    answer().then(
      (answered) => send(response, answered.status, answered.body),
      () => send(response, 500, refusal("InternalError", "sso-sync could not answer")),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? "is in use" : `cannot be used (${error.code})`;
      reject(new EndpointPortError(`port ${port} on ${HOST} ${why}`));
    });
    server.listen(port, HOST, resolve);
  });
  bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${bound}/`,
    close() {
      server.close();
      server.closeAllConnections();
    },
  };
}
