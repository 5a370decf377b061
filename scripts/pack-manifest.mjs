// prepack/postpack: what goes into the npm package differs from the checkout in two files, put
// back byte for byte after packing.
// - package.json carries no `prepare` script: a tarball install runs no build anyway, and npm 11
//   would otherwise ask to allow a script it never runs.
// - README.md ends at the development marker: the package has no tests, sources or CI script to
//   point at.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";

const FILES = ["package.json", "README.md"];
// Outside the package's files (npm packs any README*, wherever `files` points).
const SAVED = ".prepack";
const MARKER = "<!-- development:";
const [mode] = process.argv.slice(2);
if (mode === "hide") {
  mkdirSync(SAVED, { recursive: true });
  for (const file of FILES) copyFileSync(file, `${SAVED}/${file}`);
  const manifest = JSON.parse(readFileSync("package.json", "utf8"));
  delete manifest.scripts.prepare;
  writeFileSync("package.json", `${JSON.stringify(manifest, null, 2)}\n`);
  const readme = readFileSync("README.md", "utf8");
  const end = readme.indexOf(MARKER);
  const note = `Development (building, the tests, how it works): see the repository, ${manifest.homepage}\n`;
  if (end !== -1) writeFileSync("README.md", `${readme.slice(0, end)}${note}`);
} else if (mode === "restore") {
  for (const file of FILES)
    if (existsSync(`${SAVED}/${file}`)) renameSync(`${SAVED}/${file}`, file);
  rmSync(SAVED, { recursive: true, force: true });
}
