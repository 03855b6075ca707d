import type { InferredUse } from "./inferred.types.js";

/** No inferred use yet (neither the static scan nor a sandbox run has reported). */
export function emptyInferred(): InferredUse {
  return { network: [], env: [], bins: [], paths: [], sources: { static: false, observed: false } };
}
