import type { CommandSpec } from "../../model/command-spec.js";
import { processAction } from "./serve-action.js";
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
    return processAction(options, context);
  },
};
