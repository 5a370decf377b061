// `npm run demo`: the real built sso-sync against the loopback fake SSO portal, in a throwaway HOME.
import { startFakeAws } from "../test/support/fake-aws.js";
import { inMinutes, makeSandbox } from "../test/support/sandbox.js";

const SECRET_KEYS =
  /^(\s*(?:aws_secret_access_key|aws_session_token|aws_security_token)\s*=\s*)(\S{4})\S*/gm;

function mask(text: string): string {
  return text.replace(
    SECRET_KEYS,
    (_whole, prefix: string, start: string) => `${prefix}${start}…(masked)`,
  );
}

function show(title: string, text: string): void {
  process.stdout.write(
    `\n── ${title} ${"─".repeat(Math.max(0, 60 - title.length))}\n${text.trimEnd()}\n`,
  );
}

const fake = await startFakeAws({ latencyMs: 30 });
const sandbox = await makeSandbox(fake.url);
try {
  await sandbox.writeConfig(`[default]
region = eu-west-1

[sso-session acme]
sso_start_url = https://acme.awsapps.com/start#/
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = acme
sso_account_id = 111111111111
sso_role_name = Developer
region = eu-west-1

[profile team.prod]
sso_session = acme
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile legacy-admin]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 333333333333
sso_role_name = Admin
`);
  await sandbox.writeCredentials(`# Hand-written keys: sso-sync never touches this section.
[personal]
aws_access_key_id = AKIAEXAMPLEPERSONAL1
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`);
  await sandbox.writeToken("acme", {
    startUrl: "https://acme.awsapps.com/start#/",
    region: "eu-west-1",
    accessToken: "demo-session-token",
    expiresAt: inMinutes(480),
  });
  await sandbox.writeToken("https://legacy.awsapps.com/start", {
    startUrl: "https://legacy.awsapps.com/start",
    region: "us-east-1",
    accessToken: "demo-legacy-token",
    expiresAt: inMinutes(480),
  });
  fake.grant("demo-session-token", "111111111111/Developer", "222222222222/ReadOnly");
  fake.grant("demo-legacy-token", "333333333333/Admin");

  show("~/.aws/credentials before", mask(await sandbox.readCredentials()));
  show("$ sso-sync", "");
  const run = await sandbox.run([]);
  process.stdout.write(run.stderr);
  show("~/.aws/credentials after (secrets masked)", mask(await sandbox.readCredentials()));
  show(
    "summary",
    `exit code ${run.code}; ${fake.counters.portalRequests} GetRoleCredentials calls to the fake portal at ${fake.url}`,
  );
  process.exitCode = run.code ?? 1;
} finally {
  await sandbox.cleanup();
  await fake.close();
}
