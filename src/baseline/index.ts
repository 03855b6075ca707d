export { createBaseline, readBaseline, writeBaseline, baselineMap, bodyOf } from "./file.js";
export { signBaseline, verifyBaseline, verifyBaselineWith, type BaselineTrust } from "./signature.js";
export { BASELINE_PAYLOAD_TYPE, type BaselineBody, type BaselineEntry, type BaselineFile } from "./baseline.types.js";
