// ISO-8601 as the AWS CLI has written it over the years: `...T00:26:08UTC` (before 2.1.14),
// `...Z`, `...540Z`, `+00:00`. `new Date()` and date-fns return Invalid Date for the `UTC` form.
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})$/i;

/** Parses an SSO cache or credential timestamp; undefined when it is not one we can trust. */
export function parseExpiry(text: string): Date | undefined {
  const match = TIMESTAMP.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction = "", zone = "Z"] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const millis = Number(fraction.padEnd(3, "0").slice(0, 3));
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, millis) - zoneOffsetMinutes(zone) * 60_000;
  const date = new Date(utc);
  // Date.UTC rolls 31 February over into March; such a stamp was never written by AWS.
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d ? date : undefined;
}

function zoneOffsetMinutes(zone: string): number {
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (match === null) return 0;
  const sign = match[1] === "-" ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3]));
}

/** Formats a date as the ISO-8601 UTC stamp we write (`2026-11-22T03:37:16Z`, no milliseconds). */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
