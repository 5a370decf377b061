import { oidcEndpoint } from "../../model/oidc-endpoint.js";
import { classifyAwsError } from "./aws-error.js";
import type { NetworkSettings } from "./http-handler.js";
import { networkWords } from "./network-words.js";

/** Why a login's request to SSO-OIDC failed, in words (the SDK's own text only for the service's errors). */
export function oidcFailureWords(
  error: unknown,
  region: string,
  timeoutSeconds: number,
  network: NetworkSettings,
): string {
  const failure = classifyAwsError(error);
  const target = {
    where: "SSO-OIDC",
    endpoint: oidcEndpoint(region, network.env),
    endpointVariable: "AWS_ENDPOINT_URL_SSO_OIDC",
  };
  const words = networkWords(failure, target, timeoutSeconds, network);
  if (words !== undefined) return words;
  if (failure.status !== undefined && failure.status >= 500)
    return `SSO-OIDC (${target.endpoint}) failed with HTTP ${failure.status}; try again later`;
  return failure.message ?? failure.name;
}
