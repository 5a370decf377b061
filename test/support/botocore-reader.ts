import { spawnSync } from "node:child_process";
import { DEBIAN_PYTHON } from "./consumers.js";

/** A value as botocore returns it: a string, or a sub-section's keys. */
export type BotocoreValue = string | Record<string, string>;

/** How botocore (the AWS CLI v2's own copy) reads one file. */
export type BotocoreReading =
  | { readonly ok: false; readonly error: string }
  | {
      readonly ok: true;
      /** raw_config_parse(path, parse_subsections=False): every section, every value a string. */
      readonly sections: Record<string, Record<string, string>>;
      /** The section names in botocore's order (a JSON object cannot keep "0" after "y"). */
      readonly order: string[];
      /** raw_config_parse(path): how the credentials file is read (sub-sections parsed). */
      readonly nested: Record<string, Record<string, BotocoreValue>>;
      /** build_profile_map: how the config file is read. */
      readonly profiles: Record<string, Record<string, BotocoreValue>>;
      readonly ssoSessions: Record<string, Record<string, BotocoreValue>>;
    };

// One python3 for a whole batch: each text is written to a file byte for byte (no newline
// translation on write) and read back the way the AWS CLI reads ~/.aws/config and credentials.
const SCRIPT = `
import json, os, sys, tempfile
from awscli.botocore.configloader import build_profile_map, raw_config_parse
texts = json.load(sys.stdin)
path = os.path.join(tempfile.mkdtemp(), "file")
out = []
for text in texts:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    try:
        sections = raw_config_parse(path, parse_subsections=False)
        nested = raw_config_parse(path)
        mapped = build_profile_map(nested)
        out.append({"ok": True, "sections": sections, "order": list(sections), "nested": nested,
                    "profiles": mapped["profiles"], "ssoSessions": mapped["sso_sessions"]})
    except Exception as error:
        out.append({"ok": False, "error": type(error).__name__})
json.dump(out, sys.stdout)
`;

/** Reads every text with botocore, in one python3 process. */
export function botocoreRead(texts: readonly string[]): BotocoreReading[] {
  const run = spawnSync(DEBIAN_PYTHON, ["-c", SCRIPT], {
    input: JSON.stringify(texts),
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as BotocoreReading[];
}

/**
 * Shrinks a text that `fails` until no single line or character can be removed any more: the
 * smallest counterexample for a failing comparison (one python3 run per round).
 */
export function shrinkText(text: string, fails: (texts: readonly string[]) => boolean[]): string {
  let current = text;
  for (let round = 0; round < 60; round++) {
    const candidates = removals(current);
    const verdicts = fails(candidates);
    const next = candidates.find((_, index) => verdicts[index] === true);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

function removals(text: string): string[] {
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const withoutLine = lines.map((_, index) =>
    lines.filter((__, other) => other !== index).join(""),
  );
  const chars = [...text];
  const withoutChar =
    chars.length > 300
      ? []
      : chars.map((_, index) => chars.filter((__, other) => other !== index).join(""));
  return [...new Set([...withoutLine, ...withoutChar])].filter((candidate) => candidate !== text);
}
