import { configFailure, failed, ok, type Result, writeFailure } from "../../model/result.js";
import { SETUP_ADVICE } from "../../model/setup-plan.js";
import { ForeignPathError } from "./as-owner.js";
import { settleBeforeReading } from "./journal.js";
import {
  MAX_FILE_BYTES,
  NotRegularFileError,
  readRegularFile,
  TooLargeError,
} from "./regular-file.js";

// botocore reads the config as UTF-8 and fails on anything else: so does sso-sync, rather than
// read a profile the AWS CLI cannot. ignoreBOM: a byte-order mark is kept in the text, so the
// model sees it and refuses the file as botocore does ("Unable to parse config file").
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Reads ~/.aws/config (or AWS_CONFIG_FILE), explaining each way that can fail. */
export async function readConfigFile(path: string): Promise<Result<string>> {
  let bytes: Buffer;
  try {
    // populate may have been killed while it wrote the config in place.
    await settleBeforeReading(path);
    bytes = (await readRegularFile(path, MAX_FILE_BYTES)).bytes;
  } catch (error) {
    // Root refused to read it as its directory's owner could not: a file failure, not config.
    const message = readFailure(error, path);
    return failed(
      error instanceof ForeignPathError ? writeFailure(message) : configFailure(message),
    );
  }
  try {
    return ok(strictUtf8.decode(bytes));
  } catch {
    return failed(
      configFailure(
        `${path} is not UTF-8 text; the AWS CLI cannot read it either: save it as UTF-8`,
      ),
    );
  }
}

function readFailure(error: unknown, path: string): string {
  if (
    error instanceof NotRegularFileError ||
    error instanceof TooLargeError ||
    error instanceof ForeignPathError
  )
    return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `no AWS config file at ${path}; create one with: ${SETUP_ADVICE}`;
  if (code === "EISDIR") return `${path} is a directory, not the AWS config file`;
  if (code === "EACCES" || code === "EPERM") return `cannot read ${path}: permission denied`;
  return `cannot read ${path}: ${code ?? String(error)}`;
}
