// A JavaScript SDK v3 consumer for the credentials endpoint, run as its own node process:
// GetCallerIdentity with fromContainerMetadata, a wait of argv[3] ms, and GetCallerIdentity again
// on the same client (the SDK renews from the endpoint when its credentials are about to expire).
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromContainerMetadata } from "@smithy/credential-provider-imds";

const [endpoint = "", waitMs = "0"] = process.argv.slice(2);
const client = new STSClient({
  region: "eu-west-1",
  endpoint,
  // The SDK waits 1 s by default; the endpoint answers from memory, but the test machine is shared.
  credentials: fromContainerMetadata({ timeout: 5000 }),
  customUserAgent: "consumer/js",
});
const keys: string[] = [];
for (let round = 0; round < 2; round++) {
  if (round > 0) await new Promise((resolve) => setTimeout(resolve, Number(waitMs)));
  await client.send(new GetCallerIdentityCommand({}));
  keys.push((await client.config.credentials()).accessKeyId);
}
console.log(JSON.stringify({ consumer: "js", keys }));
