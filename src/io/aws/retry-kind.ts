/** What to do after a failed attempt: pace and retry, back off and retry (a few times), or stop. */
export type RetryKind = "throttled" | "transient" | "final";

// The error names the AWS SDK for JavaScript treats as throttling and as transient
// (@smithy/core service-error-classification); the SSO portal uses TooManyRequestsException (429),
// STS Throttling (400).
const THROTTLING_NAMES = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);
const TRANSIENT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

/** How an SDK or network error from one attempt should be handled, as the SDK's retry does. */
export function retryKind(error: unknown): RetryKind {
  const shape = asShape(error);
  if (shape.name === "AbortError") return "final";
  if (
    shape.$metadata?.httpStatusCode === 429 ||
    THROTTLING_NAMES.has(String(shape.name)) ||
    shape.$retryable?.throttling === true
  )
    return "throttled";
  if (
    shape.$retryable !== undefined ||
    TRANSIENT_STATUSES.has(shape.$metadata?.httpStatusCode ?? 0)
  )
    return "transient";
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const { name, code, cause } = asShape(current);
    if (TRANSIENT_NAMES.has(String(name)) || TRANSIENT_CODES.has(String(code))) return "transient";
    current = cause;
  }
  return "final";
}

function asShape(error: unknown): ErrorShape {
  return (typeof error === "object" && error !== null ? error : {}) as ErrorShape;
}
