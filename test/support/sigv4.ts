import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** A parsed `Authorization: AWS4-HMAC-SHA256 ...` header. */
export interface SigV4Header {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

/** Parses a SigV4 Authorization header, or undefined when it is not one. */
export function parseAuthorization(value: string | undefined): SigV4Header | undefined {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      value ?? "",
    );
  if (match === null) return undefined;
  const [, accessKeyId = "", date = "", region = "", service = "", headers = "", signature = ""] =
    match;
  return { accessKeyId, date, region, service, signedHeaders: headers.split(";"), signature };
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data).digest();

function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(search: URLSearchParams): string {
  return [...search.entries()]
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

/** Recomputes the signature from the secret we issued and compares it with the request's. */
export function verifySigV4(
  request: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer },
  auth: SigV4Header,
  secretAccessKey: string,
): boolean {
  const url = new URL(request.url, "http://placeholder");
  const headerValue = (name: string) => {
    const raw = request.headers[name];
    return (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).trim().replace(/\s+/g, " ");
  };
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${headerValue(name)}\n`)
    .join("");
  const payloadHash = headerValue("x-amz-content-sha256") || sha256(request.body);
  const canonicalRequest = [
    request.method,
    url.pathname,
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    headerValue("x-amz-date"),
    scope,
    sha256(canonicalRequest),
  ].join("\n");
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, auth.date), auth.region), auth.service),
    "aws4_request",
  );
  const expected = Buffer.from(createHmac("sha256", key).update(stringToSign).digest("hex"));
  const actual = Buffer.from(auth.signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
