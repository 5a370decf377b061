import type { IniDocument } from "../../src/model/ini-document.js";
import {
  removeOwnedSections,
  type WriteOutcome,
  writeOwnedSections,
} from "../../src/model/ini-editor.js";

/** The result of writing one owned section. */
export type WriteResult =
  | {
      readonly ok: true;
      readonly doc: IniDocument;
      readonly action: "created" | "updated" | "took-over";
    }
  | { readonly ok: false; readonly reason: "unowned" | "duplicate" };

/** writeOwnedSections for one section, as the tests use it (the product writes in batches). */
export function writeOwnedSection(
  doc: IniDocument,
  name: string,
  entries: ReadonlyArray<readonly [string, string]>,
  takeOver: boolean,
  owner?: string,
): WriteResult {
  const written = writeOwnedSections(doc, [{ name, entries }], takeOver, owner);
  const outcome = written.outcomes[0] as WriteOutcome;
  return outcome.action === "refused"
    ? { ok: false, reason: outcome.reason }
    : { ok: true, action: outcome.action, doc: written.doc };
}

/** removeOwnedSections for one section. */
export function removeOwnedSection(doc: IniDocument, name: string, owner?: string): IniDocument {
  return removeOwnedSections(doc, [name], owner).doc;
}
