import { isRecord } from "../../is-record.js";
import type { ResolvedPackage } from "../../prefetch/index.js";
import type { StageOutput } from "../stage.types.js";
import type { SbomRef } from "./sbom.js";

/** What the build stage leaves for later stages; `imageTag` is set only when an image was built or found. */
export interface BuildData {
  baseImage: string;
  installSteps: string[];
  imageTag?: string;
  baseDigest?: string;
  cached?: boolean;
  /** Exact versions and hashes of what the install steps installed (prefetch); signed. */
  resolvedDependencies?: ResolvedPackage[];
  /** The image's CycloneDX SBOM (sbom.ts); its digest is signed. */
  sbom?: SbomRef;
}

/** The build's output: image-scan scans `imageTag`, the behaviour stage runs in it (both fall back without it). */
export const buildOutput: StageOutput<BuildData> = {
  stage: "build",
  is: (d): d is BuildData => isRecord(d) && typeof d.baseImage === "string" && (d.imageTag === undefined || (typeof d.imageTag === "string" && d.imageTag !== "")),
};
