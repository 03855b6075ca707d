import { describe, expect, it } from "vitest";
import { PARALLEL_MIN_BYTES, planLanes } from "../../src/stages/semgrep/lanes.js";

const items = (...bytes: number[]) => bytes.map((b, index) => ({ index, bytes: b }));

describe("semgrep lanes", () => {
  it("keeps a small batch in one process, in chunks of chunkSize", () => {
    expect(planLanes(items(10, 20, 30), 200, { maxLanes: 2 })).toEqual([[[0, 1, 2]]]);
    expect(planLanes(items(10, 20, 30), 2, { maxLanes: 2 })).toEqual([[[0, 1], [2]]]);
  });

  it("splits a big batch across lanes balanced by bytes, each lane chunked", () => {
    const big = PARALLEL_MIN_BYTES;
    expect(planLanes(items(big, 10, big / 2, big / 2, 10), 200, { maxLanes: 2 })).toEqual([[[0, 1]], [[2, 3, 4]]]);
    expect(planLanes(items(big, 1, 1, 1), 2, { maxLanes: 2 })).toEqual([[[0]], [[1, 2], [3]]]);
    expect(planLanes(items(big), 200, { maxLanes: 4 })).toEqual([[[0]]]);
    expect(planLanes([], 200, { maxLanes: 2 })).toEqual([]);
  });
});
