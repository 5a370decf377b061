import type { CommandSpec } from "../../model/command-spec.js";
import { ok } from "../../model/result.js";
import type { ServeOptions } from "./serve-credentials.js";
import { SERVE_OPTIONS, serveOptions } from "./serve-options.js";

/** `process`: credential_process JSON for an SDK. */
export const processSpec: CommandSpec<ServeOptions> = {
  name: "process",
  summary:
    "Print one profile's credentials as credential_process JSON (credential_process = sso-sync process --profile P)",
  usage: "sso-sync process --profile P",
  options: SERVE_OPTIONS,
  read: (flags) => flags.result(serveOptions(flags)),
  run: async (options, context) => {
    const { processAction } = await import("./serve-action.js");
    return ok(await processAction(options, context));
  },
};
