import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

// The layers, outermost first: a file may import its own layer or any layer after it.
const LAYERS = ["cli", "commands", "io", "model"] as const;
const SRC = fileURLToPath(new URL("../../../src", import.meta.url));

type Graph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative import of each file (static, dynamic and type-only), as paths under src/. */
function importGraph(root: string): Graph {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, "utf8");
    const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g)];
    graph.set(
      relative(root, file),
      specs.map((match) => relative(root, resolve(dirname(file), `${match[1]}.ts`))),
    );
  }
  return graph;
}

function layerOf(file: string): (typeof LAYERS)[number] {
  if (file === "cli.ts") return "cli";
  const top = file.split("/")[0];
  const layer = LAYERS.find((name) => name === top);
  if (layer === undefined) throw new Error(`${file} is in no layer (${LAYERS.join(", ")})`);
  return layer;
}

/** Imports that point outwards (model -> io, io -> commands, ...). */
function layerViolations(graph: Graph): string[] {
  const violations: string[] = [];
  for (const [file, imports] of graph) {
    for (const target of imports) {
      if (LAYERS.indexOf(layerOf(target)) < LAYERS.indexOf(layerOf(file)))
        violations.push(`${file} -> ${target}`);
    }
  }
  return violations;
}

/** One cycle per strongly connected group found by a depth-first walk, as a path. */
function cycles(graph: Graph): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === "open")
        found.push([...stack.slice(stack.indexOf(target)), target].join(" -> "));
      else if (state.get(target) === undefined) visit(target);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
  return found;
}

describe("source layers", () => {
  const graph = importGraph(SRC);

  it("reads the real tree", () => {
    assert.ok(graph.size > 40, `only ${graph.size} files under ${SRC}`);
    assert.ok(graph.has("model/ini-document.ts"));
  });

  it("imports only inwards: cli -> commands -> io -> model", () => {
    assert.deepEqual(layerViolations(graph), []);
  });

  it("has no import cycle", () => {
    assert.deepEqual(cycles(graph), []);
  });

  it("model uses no file system, process or network module", () => {
    const impure = [...graph.keys()]
      .filter((file) => layerOf(file) === "model")
      .filter((file) =>
        /from\s+"node:(fs|fs\/promises|child_process|http|https|net)"/.test(
          readFileSync(join(SRC, file), "utf8"),
        ),
      );
    assert.deepEqual(impure, []);
  });

  it("the checks catch a crossed layer and a cycle", () => {
    const bad: Graph = new Map([
      ["model/a.ts", ["io/b.ts"]],
      ["io/b.ts", ["model/a.ts"]],
    ]);
    assert.deepEqual(layerViolations(bad), ["model/a.ts -> io/b.ts"]);
    assert.deepEqual(cycles(bad), ["model/a.ts -> io/b.ts -> model/a.ts"]);
  });
});
