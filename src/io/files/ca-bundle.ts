import { X509Certificate } from "node:crypto";
import type { CaBundleSetting } from "../../model/ca-bundle-setting.js";
import { configFailure, failed, ok, type Result } from "../../model/result.js";
import { describeFsError } from "./fs-error.js";
import { MAX_FILE_BYTES, readRegularFile } from "./regular-file.js";

/** A CA bundle read and checked: its path and its certificates. */
export interface CaBundle {
  readonly path: string;
  readonly pem: string;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads the bundle once, before any call: missing, unreadable or not PEM is said here, not later. */
export async function readCaBundle(setting: CaBundleSetting): Promise<Result<CaBundle>> {
  const { path, from } = setting;
  const fix = `set ${from === "AWS_CA_BUNDLE" ? "AWS_CA_BUNDLE" : "ca_bundle"} to your company's CA bundle (PEM)`;
  let text: string;
  try {
    text = (await readRegularFile(path, MAX_FILE_BYTES)).bytes.toString("utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    const why = missing ? "no such file" : describeFsError(error);
    return failed(configFailure(`cannot read the CA bundle ${path} (${from}): ${why}; ${fix}`));
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0 || !blocks.every(isCertificate))
    return failed(
      configFailure(`the CA bundle ${path} (${from}) is not a PEM file of certificates; ${fix}`),
    );
  return ok({ path, pem: blocks.join("\n") });
}

function isCertificate(block: string): boolean {
  try {
    new X509Certificate(block);
    return true;
  } catch {
    return false;
  }
}
