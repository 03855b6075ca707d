import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { analyse } from "../../src/stages/behavior/analyse.js";
import type { Canary } from "../../src/stages/behavior/canaries.js";
import { toFindings } from "../../src/stages/behavior/findings.js";
import { behaviorStage } from "../../src/stages/behavior/index.js";
import type { AnalysisContext, CommandObservation } from "../../src/stages/behavior/observe.types.js";
import type { PlannedCommand } from "../../src/stages/behavior/plan.js";
import { makeContext } from "../helpers/stage-context.js";
import { SKIP_SANDBOX } from "../sandbox/engine.js";

// Issue 10: linear-claude-skill's SKILL.md shows `cat .env` to check the setup; the run printed the
// planted .env and went to review (canary-read, high). The project's own .env printed by the command
// the user is shown is routine; any other planted secret in the output is not.
const DOTENV: Canary = { label: ".env", value: "SKILLSIGN_CANARY_UNIT_DOTENV_0001", kind: "secret" };
const AWS: Canary = { label: "AWS_SECRET_ACCESS_KEY", value: "SKILLSIGN_CANARY_UNIT_AWS_0001", kind: "secret" };
const CTX: AnalysisContext = {
  canaries: [DOTENV, AWS],
  bait: [{ guestPath: "/w/.env", label: ".env", routine: true }, { guestPath: "/home/skill/.aws/credentials", label: ".aws/credentials", routine: false }],
  guestWork: "/w",
  guestHome: "/home/skill",
  memoryMb: 1024,
  declared: { network: [], bins: [], env: [], paths: [] },
};
const obs = (planned: PlannedCommand, stdout: string): CommandObservation => ({ planned, end: { kind: "exited", exitCode: 0, oomKilled: false }, stdout, stderr: "", events: [], forkFailures: 0, diskExceeded: false, changedFiles: [], timeoutMs: 10_000 });
const printed = (planned: PlannedCommand, stdout: string) => toFindings(analyse([obs(planned, stdout)], CTX)).filter((f) => f.ruleId === "behavior.canary-read").map((f) => f.severity);

describe("the project's .env printed by SKILL.md's own command", () => {
  const env = `DATABASE_URL=postgres://app:${DOTENV.value}@localhost:5432/app`;
  it("is low for `cat .env` shown in SKILL.md", () => {
    expect(printed({ source: "skill-md", command: "cat .env", origin: "SKILL.md:80" }, env)).toEqual(["low"]);
    expect(printed({ source: "skill-md", command: "grep LINEAR_API_KEY ./.env", origin: "SKILL.md:81" }, env)).toEqual(["low"]);
  });
  it("stays high when a script prints it, when the command does not name it, or when another secret is printed", () => {
    expect(printed({ source: "script-no-args", command: "python3 scripts/check.py", origin: "scripts/check.py" }, env)).toEqual(["high"]);
    expect(printed({ source: "skill-md", command: "node scripts/show-config.js", origin: "SKILL.md:9" }, env)).toEqual(["high"]);
    expect(printed({ source: "skill-md", command: "cat .env ~/.aws/credentials", origin: "SKILL.md:9" }, `${env}\naws_secret_access_key = ${AWS.value}`)).toEqual(["high"]);
  });
});

describe.skipIf(SKIP_SANDBOX)("the project's .env printed in a real runsc run", () => {
  it("`cat .env` from SKILL.md gives no finding above low", async () => {
    const root = mkdtempSync(join(tmpdir(), "skillsign-dotenv-"));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, "linear-helper");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), "---\nname: linear-helper\ndescription: Manages Linear issues.\nallowed-tools: Bash\n---\n# Linear helper\n\nCheck your key is set:\n\n```bash\ncat .env\n```\n");
    const out = await behaviorStage.run(await makeContext(dir, { processEnv: { PATH: process.env.PATH, ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}) }, stageTimeoutMs: 120_000 }));
    const read = out.findings.filter((f) => f.ruleId === "behavior.canary-read");
    expect(read.length, JSON.stringify(out.findings.map((f) => f.message))).toBeGreaterThan(0);
    expect(read.every((f) => f.severity === "low")).toBe(true);
    expect(read.map((f) => f.message).join("\n")).toMatch(/printed by the command SKILL\.md shows the user/);
  }, 180_000);
});
