// The subpath import loads one module instead of all of date-fns (about 100 ms of start-up).
import { formatDistanceStrict } from "date-fns/formatDistanceStrict";
import { formatTimestamp } from "../../model/expiry.js";

/** `2026-11-22T13:00:00Z (in 1 hour)`: the instant and how far it is from `now`. */
export function whenPhrase(date: Date, now: Date): string {
  return `${formatTimestamp(date)} (${relativePhrase(date, now)})`;
}

/** `in 1 hour`, `5 minutes ago`. */
export function relativePhrase(date: Date, now: Date): string {
  return formatDistanceStrict(date, now, { addSuffix: true });
}
