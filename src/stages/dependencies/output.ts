import { isRecord } from "../../is-record.js";
import type { StageOutput } from "../stage.types.js";
import type { Ecosystem } from "./dependency.types.js";

/** A dependency the skill left open (a range, `>=`, no version) that no lock beside it pins. */
export interface OpenDependency {
  ecosystem: Ecosystem;
  name: string;
  spec: string;
  file: string;
  line?: number;
  /** A bounded range (`^1.2`, `~=1.2`, `>=1,<2`): new releases within it only (reported low). */
  bounded: boolean;
}

/** What the dependencies stage leaves for later stages. */
export interface DependenciesData {
  manifests: string[];
  dependencyCount: number;
  /** The build checks that it resolved and recorded each of these (build.unresolved-dependency). */
  openDependencies: OpenDependency[];
}

export const dependenciesOutput: StageOutput<DependenciesData> = {
  stage: "dependencies",
  is: (d): d is DependenciesData => isRecord(d) && Array.isArray(d.manifests) && Array.isArray(d.openDependencies),
};
