import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { openQueue } from "../../src/queue/index.js";
import { packSkill } from "../../src/service/client/pack.js";
import type { SubmissionQueue } from "../../src/service/queue-port.js";
import { startHarness, type Harness } from "./helpers.js";
import { waitForState } from "./serve-process.js";

export interface ReviewedSubmission {
  h: Harness;
  queue: SubmissionQueue;
  creator: string;
  reviewer: string;
  /** A submission of `fixture` by the creator, analysed to `review` (sandbox stages skipped). */
  id: number;
}

/**
 * A service on the real single-machine queue with a creator and a reviewer token and one
 * submission waiting for review; `stop()` closes everything and removes the store.
 */
export async function startReviewedSubmission(prefix: string, fixture: string): Promise<ReviewedSubmission & { stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = join(dir, "store.db");
  const queue = await openQueue(db, { localWorker: true, worker: { skip: ["build", "image-scan", "behavior"] } });
  const h = await startHarness(queue, { db });
  const creator = await h.token("creator", "alice");
  const reviewer = await h.token("reviewer", "rita");
  const up = await h.fetch("/v1/submissions", { method: "POST", token: creator, headers: { "content-type": "application/gzip" }, body: await packSkill(fixture) });
  const id = ((await up.json()) as { id: number }).id;
  expect(await waitForState(h.service.url, creator, id, (s) => s.state === "done" || s.state === "failed", 120_000)).toMatchObject({ verdict: "review" });
  return {
    h, queue, creator, reviewer, id,
    stop: async () => {
      await h.close();
      await queue.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * startReviewedSubmission for the calling describe: started before its tests, stopped after them.
 * The returned object is filled in by beforeAll, so read its fields inside the tests.
 */
export function useReviewedSubmission(prefix: string, fixture: string): ReviewedSubmission {
  const s = {} as ReviewedSubmission;
  let stop = async (): Promise<void> => undefined;
  beforeAll(async () => {
    const started = await startReviewedSubmission(prefix, fixture);
    ({ stop } = started);
    Object.assign(s, started);
  }, 180_000);
  afterAll(() => stop());
  return s;
}
