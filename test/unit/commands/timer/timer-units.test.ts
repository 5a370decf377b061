import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  crontabLine,
  launchdPlist,
  systemdService,
  systemdTimer,
  type TimerSpec,
  timerSpecProblem,
} from "../../../../src/commands/timer/timer-units.js";
import { fixture } from "../../../support/fixtures.js";

const timerFixture = (name: string) => fixture(`timer/${name}`);

// Paths and a profile glob with characters each format must escape: space, %, $, &, quotes.
const spec: TimerSpec = {
  node: "/usr/local/bin/node",
  script: "/opt/sso sync/dist/src/cli.js",
  args: ["sync", "--quiet", "--notify", "--profile", "team-*", "--profile", `a%b$c&"d'`],
  everyMs: 45 * 60_000,
  env: { AWS_CONFIG_FILE: "/home/me/.aws/config work" },
  logFile: "/home/me/.aws/sso-sync.log",
};

describe("timer files", () => {
  it("systemd service and timer match the reviewed fixtures", () => {
    assert.equal(systemdService(spec), timerFixture("sso-sync.service"));
    assert.equal(systemdTimer(spec), timerFixture("sso-sync.timer"));
  });

  it("launchd plist matches the reviewed fixture", () => {
    assert.equal(launchdPlist(spec), timerFixture("io.github.sso-sync.plist"));
  });

  it("crontab line matches the reviewed fixture for intervals cron can express", () => {
    const hourly = crontabLine({ ...spec, everyMs: 2 * 3_600_000 });
    assert.deepEqual(hourly, { ok: true, line: timerFixture("crontab.txt").trimEnd() });
    assert.match(
      JSON.stringify(crontabLine({ ...spec, everyMs: 15 * 60_000 })),
      /"\*\/15 \* \* \* \* /,
    );
    assert.equal(crontabLine(spec).ok, false, "45m does not divide an hour");
    assert.equal(crontabLine({ ...spec, everyMs: 7 * 60_000 }).ok, false);
  });
});

describe("timer values", () => {
  it("names the first value that cannot be written, and where it comes from", () => {
    assert.equal(timerSpecProblem(spec), undefined);
    const withArgs = (args: string[]) => timerSpecProblem({ ...spec, args });
    assert.match(withArgs(["--profile", "a\nb"]) ?? "", /^--profile "a\\nb": .*U\+000A/);
    assert.match(withArgs(["--profile", "a\u0085b"]) ?? "", /U\+0085/);
    assert.match(
      timerSpecProblem({ ...spec, env: { AWS_CONFIG_FILE: "x\r" } }) ?? "",
      /^AWS_CONFIG_FILE "x\\r"/,
    );
    assert.match(
      timerSpecProblem({ ...spec, node: "node" }) ?? "",
      /node path "node" is not absolute/,
    );
  });

  it("leaves $ alone in Environment= (systemd expands $ only in Exec lines)", () => {
    const service = systemdService({ ...spec, env: { AWS_CONFIG_FILE: "/a/$b" } });
    assert.match(service, /^Environment="AWS_CONFIG_FILE=\/a\/\$b"$/m);
    assert.match(service, /--profile "a%%b\$\$c/);
  });
});
