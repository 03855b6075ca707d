import { isRecord } from "../../is-record.js";
import type { StageOutput } from "../stage.types.js";
import type { ManifestData } from "./manifest.types.js";

/** The manifest stage's output: the behaviour stage reads `highRisk`; the permissions read `inferred`. */
export const manifestOutput: StageOutput<ManifestData> = {
  stage: "manifest",
  is: (d): d is ManifestData => isRecord(d) && typeof d.highRisk === "boolean" && Array.isArray(d.highRiskReasons) && isRecord(d.uses) && Array.isArray(d.sites),
};
