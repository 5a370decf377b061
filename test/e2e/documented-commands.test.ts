import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "../support/sandbox.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
// Words that end the sso-sync part of a shell line: what follows is another program's.
const END = new Set(["--", "|", "||", "&&", ";", ">", ">>", "2>&1", "#"]);

/** Every `sso-sync ...` line inside a fenced code block of the README and docs/, with its page. */
async function documentedLines(): Promise<{ page: string; line: string }[]> {
  const pages = ["README.md", ...(await readdir(join(ROOT, "docs"))).map((name) => `docs/${name}`)];
  const found: { page: string; line: string }[] = [];
  for (const page of pages.filter((name) => name.endsWith(".md"))) {
    let fenced = false;
    for (const raw of (await readFile(join(ROOT, page), "utf8")).split("\n")) {
      if (raw.startsWith("```")) fenced = !fenced;
      const line = raw.replace(/^\$ /, "").trim();
      if (fenced && /^sso-sync( |$)/.test(line)) found.push({ page, line });
    }
  }
  return found;
}

/** The command a documented line runs, and the long options it passes to sso-sync. */
function commandAndOptions(line: string, commands: ReadonlySet<string>) {
  const words: string[] = [];
  for (const word of line.split(/\s+/).slice(1)) {
    if (END.has(word) || word.startsWith("#")) break;
    words.push(word);
  }
  const first = words.find((word) => !word.startsWith("-"));
  const command = first !== undefined && commands.has(first) ? first : "sync";
  const options = words.filter((word) => /^--[a-z]/.test(word)).map((word) => word.split("=")[0]);
  return { command, options: options as string[] };
}

describe("every command line the README and docs/ show", () => {
  it("names a real command and only options that command's help lists", async () => {
    const top = await runCli(["--help"], { NO_COLOR: "1" });
    const commands = new Set(
      [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((match) => match[1] as string),
    );
    assert.ok(commands.has("sync") && commands.has("login"), top.stdout);
    const helps = new Map<string, string>();
    const lines = await documentedLines();
    assert.ok(lines.length >= 20, `found ${lines.length} documented command lines`);
    for (const { page, line } of lines) {
      const { command, options } = commandAndOptions(line, commands);
      if (!helps.has(command))
        helps.set(command, (await runCli([command, "--help"], { NO_COLOR: "1" })).stdout);
      const help = helps.get(command) ?? "";
      for (const option of options)
        assert.ok(
          new RegExp(`${option}\\b`).test(help),
          `${page}: '${line}' passes ${option}, which 'sso-sync ${command} --help' does not list`,
        );
    }
  });
});
