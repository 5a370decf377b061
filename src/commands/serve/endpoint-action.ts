import { randomBytes } from "node:crypto";
import type { CredentialsServer, EndpointAnswer } from "../../io/aws/credentials-server.js";
import { EndpointPortError, startCredentialsServer } from "../../io/aws/credentials-server.js";
import { ExitCode } from "../../model/exit-code.js";
import { failed, ok, type Result, usageFailure } from "../../model/result.js";
import type { CommandContext } from "../../model/run-context.js";
import {
  type EnvFormat,
  endpointVariables,
  formatEnv,
  profileVariables,
  variablesJson,
} from "./env-format.js";
import { childEnvironment, ENDPOINT_SHADOWING } from "./exec-environment.js";
import type { RenewingCredentials } from "./renewing-credentials.js";
import { renewingCredentials } from "./renewing-credentials.js";
import { runCommand } from "./run-command.js";
import { serveOnce } from "./serve-action.js";
import type { ServeOptions } from "./serve-credentials.js";

/** A credentials endpoint serving one profile, renewed until closed. */
interface OpenEndpoint {
  readonly variables: Array<[string, string]>;
  readonly profileName: string;
  readonly region: string | undefined;
  close(): void;
}

const NOT_READY: EndpointAnswer = {
  status: 503,
  body: { Code: "NotReady", Message: "sso-sync is still getting the credentials" },
};

/**
 * Listens on 127.0.0.1 first (a port in use is a Failure before any login or portal call), then
 * gets the profile's credentials as exec would: the same lines and exit codes when it cannot (the
 * exit code of the report shown, as serveOnce gives it).
 */
async function openEndpoint(
  options: ServeOptions,
  port: number,
  context: CommandContext,
): Promise<Result<OpenEndpoint> | number> {
  // 256 bits: the token is all that keeps other local users' processes out.
  const token = randomBytes(32).toString("base64url");
  let source: RenewingCredentials | undefined;
  let server: CredentialsServer;
  try {
    server = await startCredentialsServer(port, token, () =>
      source === undefined ? Promise.resolve(NOT_READY) : source.answer(),
    );
  } catch (error) {
    if (!(error instanceof EndpointPortError)) throw error;
    return failed(
      usageFailure(`${error.message}; choose another --port, or leave it out for a free one`),
    );
  }
  const served = await serveOnce(options, context);
  if (typeof served === "number") {
    server.close();
    return served;
  }
  const renewing = renewingCredentials(served.credentials, options, context);
  source = renewing;
  return ok({
    variables: endpointVariables(server.url, token),
    profileName: served.profileName,
    region: served.region,
    close() {
      renewing.stop();
      server.close();
    },
  });
}

/** `exec --server`: the command gets the endpoint instead of keys; it ends with the command. */
export async function execWithEndpoint(
  options: ServeOptions,
  command: string,
  args: readonly string[],
  context: CommandContext,
): Promise<Result<number>> {
  const opened = await openEndpoint(options, 0, context);
  if (typeof opened === "number") return ok(opened);
  if (!opened.ok) return opened;
  const endpoint = opened.value;
  const variables = [
    ...endpoint.variables,
    ...profileVariables(endpoint.profileName, endpoint.region),
  ];
  try {
    return await runCommand(
      command,
      args,
      childEnvironment(context.env, variables, ENDPOINT_SHADOWING),
      context,
    );
  } finally {
    endpoint.close();
  }
}

/** `server`: prints the two variables in `format` and serves until Ctrl-C or SIGTERM (exit 0). */
export async function serverAction(
  options: ServeOptions & { readonly port: number; readonly format: EnvFormat },
  context: CommandContext,
): Promise<Result<number>> {
  const opened = await openEndpoint(options, options.port, context);
  if (typeof opened === "number") return ok(opened);
  if (!opened.ok) return opened;
  const endpoint = opened.value;
  const { variables } = endpoint;
  context.console.out(
    options.format === "json" ? variablesJson(variables) : formatEnv(variables, options.format),
  );
  const url = variables[0]?.[1] ?? "";
  context.console.err(
    `sso-sync: serving ${endpoint.profileName}'s credentials at ${url} until Ctrl-C\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = context.onInterrupt?.(() => {
      stop?.();
      resolve();
    });
  });
  endpoint.close();
  return ok(ExitCode.ok);
}
