import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import type { StageResult } from "../../src/findings.types.js";
import type { SkillAnalysis } from "../../src/analysis.types.js";
import { defaultSignaturePath, envelopeJson } from "../../src/signing/sign.js";
import { permissionsHash } from "../../src/signing/permissions-hash.js";
import { verifySkill } from "../../src/signing/verify.js";
import { manifestStage } from "../../src/stages/manifest/index.js";
import { pipelineSignRequest } from "../../src/workflow/sign-request.js";
import { makeContext } from "../helpers/stage-context.js";
import { newSigner, tempDir, trustEntry, trustOf, writeSkill } from "../signing/helpers.js";

const WEATHER = 'import os, requests\nkey = os.environ["WEATHER_KEY"]\nrequests.get("https://api.weather.invalid/v1", params={"k": key})\n';

/** Runs the real manifest stage and signs the way `submit` does for an approved skill. */
async function signLikeThePipeline(dir: string, home: string, signer = newSigner()) {
  const ctx = await makeContext(dir, { home });
  const outcome = await manifestStage.run(ctx);
  const stages = [{ ...outcome, stageId: "manifest", stageVersion: manifestStage.version, durationMs: 1 } as StageResult];
  const analysis = { path: dir, name: ctx.skill.name, version: ctx.skill.version, snapshot: ctx.snapshot, permissions: ctx.skill.permissions, permissionsHash: permissionsHash(ctx.skill.permissions), stages, findings: outcome.findings } as SkillAnalysis;
  const request = pipelineSignRequest(analysis, { decision: "approved", reasons: [], decidingFindings: [] }, "d".repeat(64), signer, new Date());
  const { envelope } = await request.sign(1);
  await writeFile(defaultSignaturePath(dir), envelopeJson(envelope as Parameters<typeof envelopeJson>[0]));
  return { signer, trust: trustOf(trustEntry(signer)) };
}

describe("signing inferred permissions", () => {
  it("signs what the code uses when the skill declares nothing, and verify hands those to the runtime", async () => {
    const home = tempDir();
    const dir = writeSkill(home, "weather", { "scripts/w.py": WEATHER });
    const { trust } = await signLikeThePipeline(dir, home);
    const r = await verifySkill(dir, { trust, home });
    expect(r).toMatchObject({ ok: true });
    expect(r.verified?.permissions).toMatchObject({ inferred: true, network: ["api.weather.invalid"], env: ["WEATHER_KEY"], allowedTools: ["Bash(git status:*)", "Read"] });
  });

  it("refuses the signature once SKILL.md is changed to declare permissions", async () => {
    const home = tempDir();
    const dir = writeSkill(home, "weather", { "scripts/w.py": WEATHER });
    const { trust } = await signLikeThePipeline(dir, home);
    const md = join(dir, "SKILL.md");
    writeFileSync(md, `---\nname: weather\ndescription: A small skill used by the signing tests.\nallowed-tools: Read Bash(git status:*)\nmetadata:\n  openclaw:\n    requires:\n      network: ["*"]\n---\n# weather\n\nRun scripts/run.sh.\n`);
    const r = await verifySkill(dir, { trust, home });
    // SKILL.md is covered by the content hash too: the first failing step names it.
    expect(r).toMatchObject({ ok: false, reason: "content-mismatch" });
  });

  it("signs the declared permissions, without inferred, when the skill declares some", async () => {
    const home = tempDir();
    const dir = writeSkill(home, "weather", {
      "scripts/w.py": WEATHER,
      "SKILL.md": `---\nname: weather\ndescription: d\nmetadata:\n  openclaw:\n    requires:\n      env: [WEATHER_KEY]\n      network: [api.weather.invalid]\n---\n# weather\n`,
    });
    const { trust } = await signLikeThePipeline(dir, home);
    const r = await verifySkill(dir, { trust, home });
    expect(r).toMatchObject({ ok: true });
    expect(r.verified?.permissions.inferred).toBeUndefined();
    expect(r.verified?.permissions.env).toEqual(["WEATHER_KEY"]);
  });
});
