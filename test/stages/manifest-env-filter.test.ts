import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { manifestStage } from "../../src/stages/manifest/index.js";
import { makeContext } from "../helpers/stage-context.js";

// Issue 10: windows-remote-desktop-connection-doctor shows `env | grep -i proxy` to check proxy
// variables and went to review for "dumps the whole environment" (manifest.undeclared-env, medium).
async function envFindings(block: string) {
  const root = mkdtempSync(join(tmpdir(), "skillsign-env-filter-"));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, "rdp-doctor");
  mkdirSync(dir);
  writeFileSync(join(dir, "SKILL.md"), `---\nname: rdp-doctor\ndescription: Diagnoses remote desktop connections.\nallowed-tools: Bash\n---\n# RDP doctor\n\n\`\`\`bash\n${block}\n\`\`\`\n`);
  const out = await manifestStage.run(await makeContext(dir));
  return out.findings.filter((f) => /whole environment/.test(f.message)).map((f) => `${f.ruleId}:${f.severity}`);
}

describe("a filtered environment read is not a dump", () => {
  it("`env | grep -i proxy` reads named variables", async () => {
    expect(await envFindings("env | grep -i proxy")).toEqual([]);
  });
  it("`env | grep -i token`, `printenv > f` and a bare `env` still dump it", async () => {
    expect(await envFindings("env | grep -i token")).toEqual(["manifest.undeclared-env:medium"]);
    expect(await envFindings("printenv > /tmp/e")).toEqual(["manifest.undeclared-env:medium"]);
    expect(await envFindings("env | base64")).toEqual(["manifest.undeclared-env:medium"]);
  });
});
