import type { StageResult } from "../findings.types.js";
import type { StageId } from "../stage-ids.js";
import type { StageOutput } from "./stage.types.js";

export { isRecord } from "../is-record.js";

/**
 * The only way a stage reads another stage's data: typed by the writer's declaration, and
 * undefined when that stage did not run or wrote something of another shape.
 */
export function readOutput<T>(results: ReadonlyMap<StageId, StageResult>, output: StageOutput<T>): T | undefined {
  const data: unknown = results.get(output.stage)?.data;
  return output.is(data) ? data : undefined;
}

