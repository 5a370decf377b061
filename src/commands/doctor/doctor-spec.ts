import type { CommandSpec } from "../../model/command-spec.js";
import { ok } from "../../model/result.js";
import { jsonOption } from "../shared/common-options.js";

/** `doctor`: find what makes AWS tools use the wrong identity, and say the fix. */
export const doctorSpec: CommandSpec<{ readonly json: boolean }> = {
  name: "doctor",
  summary: "Find what makes AWS tools use the wrong identity or fail, and say the fix",
  usage: "sso-sync doctor [--json]",
  options: [jsonOption("the findings")],
  read: (flags) => flags.result({ json: flags.on("--json") }),
  run: async (options, context) => {
    const { doctorAction } = await import("./doctor-action.js");
    return ok(await doctorAction(options, context));
  },
};
