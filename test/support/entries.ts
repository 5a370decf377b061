import { OWNER_KEY } from "../../src/model/ini-document.js";

/** The keys sso-sync would write for a made-up credential tagged `tag` (values hold `/`, `+`, `=`). */
export function taggedEntries(tag: string): Array<[string, string]> {
  return [
    ["aws_access_key_id", `ASIA${tag}`],
    ["aws_secret_access_key", `secret/${tag}+=`],
    ["aws_session_token", `token=${tag}==`],
    ["aws_security_token", `token=${tag}==`],
    ["aws_credential_expiration", "2030-01-01T00:00:00Z"],
    [OWNER_KEY, tag],
  ];
}
