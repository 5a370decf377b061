import { ForeignPathError } from "../../io/files/as-owner.js";
import { LockBusyError, LockReleaseError } from "../../io/files/file-lock.js";
import { describeFsError } from "../../io/files/fs-error.js";
import { NotUtf8Error, readCredentialsText } from "../../io/files/ini-file.js";
import {
  NotRegularFileError,
  TooLargeError,
  TooLargeToWriteError,
} from "../../io/files/regular-file.js";
import type { WriteHow } from "../../io/files/replace-file.js";
import { type IniDocument, parseIniDocument } from "../../model/ini-document.js";
import { failed, ok, type Result, writeFailure } from "../../model/result.js";
import type { RunContext } from "../../model/run-context.js";

/**
 * One line for a failure to read or write a file: `doing` says what failed (`cannot write X`),
 * `outcome` what it means (`; nothing was changed`). Errors that explain themselves stand alone.
 */
export function fileFailure(error: unknown, doing: string, outcome = ""): string {
  if (
    error instanceof NotUtf8Error ||
    error instanceof NotRegularFileError ||
    error instanceof TooLargeError ||
    error instanceof LockReleaseError
  )
    return `${error.message}${outcome}`;
  // These say already that nothing was written.
  if (error instanceof ForeignPathError || error instanceof TooLargeToWriteError)
    return error.message;
  if (error instanceof LockBusyError) return `${error.message}; nothing was changed, try again`;
  return `${doing}: ${describeFsError(error)}${outcome}`;
}

/** The credentials file's text and document (absent reads as empty). */
export interface CredentialsRead {
  readonly text: string;
  readonly doc: IniDocument;
}

/** Reads and parses the credentials file, turning every failure into one line (exit 5). */
export async function readCredentialsDocument(path: string): Promise<Result<CredentialsRead>> {
  try {
    const text = await readCredentialsText(path);
    return ok({ text, doc: parseIniDocument(text) });
  } catch (error) {
    return failed(writeFailure(fileFailure(error, `cannot read ${path}`)));
  }
}

/** How a command writes a file: in place when asked, and who hears about fallbacks. */
export function writeHow(inPlace: boolean | undefined, context: RunContext): WriteHow {
  const inPlaceWanted = inPlace === true;
  return context.onNotice === undefined
    ? { inPlace: inPlaceWanted }
    : { inPlace: inPlaceWanted, onNotice: context.onNotice };
}
