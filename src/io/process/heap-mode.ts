import { setFlagsFromString } from "node:v8";
import { markFlagsChanged } from "../files/code-cache.js";

/** A sync fetching at least this many profiles keeps a smaller heap (docs/performance.md). */
export const SMALL_HEAP_JOBS = 1000;

/**
 * Asks V8 to favour memory over speed for the rest of the run. Each answer leaves garbage that
 * V8 lets grow to about four times what is live before it collects: 219 MB peak RSS for 10,000
 * profiles, where the live heap is near 22 MB. `--optimize-for-size` caps that growth (and
 * costs some CPU). It is one of the flags V8 reads at each collection, so setting it after start
 * takes effect. V8 refuses a code cache made under other flags, so a part compiled afterwards is
 * compiled from source, and this run writes no cache: one made now would be refused by every
 * plain run after it, which would then write its own, and so on.
 */
export function preferSmallHeap(): void {
  setFlagsFromString("--optimize-for-size");
  markFlagsChanged();
}
