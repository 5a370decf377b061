import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  namedAssignments,
  optionValueProblem,
  profileName,
} from "../../../../src/commands/populate/populate-plan.js";

const account = (accountId: string, accountName: string, roles: string[] = ["Admin"]) => ({
  accountId,
  accountName,
  emailAddress: `${accountId}@example.com`,
  roles,
});

describe("populate names", () => {
  it("fills the template and keeps only characters every SDK accepts", () => {
    assert.equal(
      profileName("{account_name}.{role_name}", account("1", "Prod Main"), "Admin"),
      "Prod-Main.Admin",
    );
    assert.equal(
      profileName("{account_name}", account("1", " [weird] / name!! "), "R"),
      "weird-name",
    );
    assert.equal(profileName("{account_id}-{role_name}", account("012", "x"), "R"), "012-R");
    assert.equal(
      profileName("{account_name}", account("7", "###"), "R"),
      "7-R",
      "nothing left: fall back",
    );
  });

  it("resolves collisions the same way every time: first by account id keeps the name", () => {
    const accounts = [account("222222222222", "dup"), account("111111111111", "dup")];
    const options = { template: "{account_name}.{role_name}", accounts: [], roles: [] };
    const named = namedAssignments(accounts, options);
    assert.deepEqual(
      named.map((entry) => [entry.accountId, entry.name]),
      [
        ["111111111111", "dup.Admin"],
        ["222222222222", "dup.Admin-222222222222"],
      ],
    );
    assert.deepEqual(namedAssignments([...accounts].reverse(), options), named);
  });

  it("filters by account id or name and by role, with globs", () => {
    const accounts = [
      account("111", "prod", ["Admin", "ReadOnly"]),
      account("222", "dev", ["Admin"]),
    ];
    const named = namedAssignments(accounts, {
      template: "{account_name}.{role_name}",
      accounts: ["pro*", "222"],
      roles: ["Admin"],
    });
    assert.deepEqual(
      named.map((entry) => entry.name),
      ["prod.Admin", "dev.Admin"],
    );
  });
});

describe("populate values botocore reads back", () => {
  it("refuses a flag value with surrounding whitespace or a line break, naming the flag", () => {
    assert.equal(optionValueProblem({ session: "acme", region: "eu-west-1" }), undefined);
    assert.match(
      optionValueProblem({ session: " acme " }) ?? "",
      /^--sso-session " acme ": .*whitespace/,
    );
    assert.match(
      optionValueProblem({ session: "acme", output: "json\nregion = x" }) ?? "",
      /^--output .*line break/,
    );
  });
});
