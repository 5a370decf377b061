import { request } from "node:http";

/** One answer of the endpoint. */
export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** GETs (or `method`s) the endpoint with exactly these headers. */
export function ask(url: string, headers: Record<string, string>, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method, headers, timeout: 10_000 }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on("error", reject);
    sent.on("timeout", () => sent.destroy(new Error("timeout")));
    sent.end();
  });
}
