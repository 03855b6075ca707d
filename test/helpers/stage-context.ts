import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { StageResult } from "../../src/findings.types.js";
import { loadSkill } from "../../src/skill/load.js";
import { takeSnapshot, type SnapshotOptions } from "../../src/snapshot/snapshot.js";
import type { StageId } from "../../src/stage-ids.js";
import type { StageContext } from "../../src/stages/stage.types.js";

export interface MakeContextOptions {
  /** $SKILLSIGN_HOME for the run; a fresh temp dir when omitted. */
  home?: string;
  /** Results of earlier stages, for stages that read them. */
  results?: Map<StageId, StageResult>;
  processEnv?: NodeJS.ProcessEnv;
  limits?: SnapshotOptions["limits"];
  stageTimeoutMs?: number;
}

export const FIXTURES = resolve(import.meta.dirname, "../fixtures/skills");

/** Path of a fixture skill under test/fixtures/skills/. */
export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/**
 * A copy of a fixture with its own content hash (one extra file), so its build image is this test's
 * alone: test files run in parallel, and one that removes a shared fixture's image breaks the other.
 */
export function ownCopy(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "skillsign-own-")), name);
  cpSync(fixture(name), dir, { recursive: true });
  writeFileSync(join(dir, "copy-id.txt"), `test copy ${randomUUID()}\n`);
  return dir;
}

/** Snapshots a skill folder and builds the context a stage receives, as the pipeline would. */
export async function makeContext(skillDir: string, opts: MakeContextOptions = {}): Promise<StageContext> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), "skillsign-test-home-"));
  const snapshot = await takeSnapshot(skillDir, { storeDir: join(home, "snapshots"), limits: opts.limits });
  return {
    snapshot,
    skill: loadSkill(snapshot),
    results: opts.results ?? new Map(),
    env: {
      home,
      cacheDir: join(home, "cache"),
      assetsDir: resolve(import.meta.dirname, "../.."),
      signal: new AbortController().signal,
      processEnv: opts.processEnv ?? { SKILLSIGN_HOME: home },
      stageTimeoutMs: opts.stageTimeoutMs ?? 60_000,
    },
  };
}
