import assert from "node:assert/strict";
import { connect } from "node:net";
import { describe, it } from "node:test";
import {
  EndpointPortError,
  startCredentialsServer,
} from "../../../../src/io/aws/credentials-server.js";
import { ask } from "../../../support/endpoint-ask.js";

const TOKEN = "t0ken";
const SERVED = { status: 200, body: { AccessKeyId: "ASIASERVED" } };

/** A raw HTTP/1.0 request (no Host header at all), answered with its status line. */
function rawStatus(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.on("end", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
}

describe("the credentials endpoint", () => {
  it("serves the token's bearer at 127.0.0.1:PORT only, and no other Host", async () => {
    let asked = 0;
    const server = await startCredentialsServer(0, TOKEN, async () => {
      asked++;
      return SERVED;
    });
    try {
      const port = new URL(server.url).port;
      const good = await ask(server.url, { authorization: TOKEN });
      assert.equal(good.status, 200);
      assert.match(good.body, /ASIASERVED/);
      for (const host of [`localhost:${port}`, `127.0.0.1`, `127.0.0.1:1`, `[::1]:${port}`]) {
        const refused = await ask(server.url, { authorization: TOKEN, host });
        assert.equal(refused.status, 403, host);
        assert.doesNotMatch(refused.body, /ASIASERVED/);
      }
      const noHost = await rawStatus(
        Number(port),
        `GET / HTTP/1.0\r\nAuthorization: ${TOKEN}\r\n\r\n`,
      );
      assert.match(noHost, / 403 /);
      assert.equal(asked, 1, "only the good request reached the credentials");
    } finally {
      server.close();
    }
  });

  it("a port in use is an EndpointPortError naming it", async () => {
    const first = await startCredentialsServer(0, TOKEN, async () => SERVED);
    try {
      const port = Number(new URL(first.url).port);
      await assert.rejects(
        startCredentialsServer(port, TOKEN, async () => SERVED),
        (error: unknown) =>
          error instanceof EndpointPortError &&
          error.message === `port ${port} on 127.0.0.1 is in use`,
      );
    } finally {
      first.close();
    }
  });
});
