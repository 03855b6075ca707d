import { OWNER_LABEL, ownerLabelValue } from "../../sandbox/owner.js";
import type { PlannedStep } from "./plan.js";

export const BUILD_LABEL = "dev.skillsign.stage";
export const BUILD_LABEL_VALUE = "build";
/** Per-build label: finds this build's intermediate containers and images when it is aborted. */
export const BUILD_ID_LABEL = "dev.skillsign.build-id";
export const CONTENT_LABEL = "dev.skillsign.content-hash";

/** timeout(1)'s exit status when it ended the step (TERM worked). */
export const STEP_TIMEOUT_EXIT = 124;
/**
 * The legacy build API has no no-new-privileges option: the setuid/setgid bits of the base image
 * are dropped instead, before any skill step (same instruction on the same base: a cached layer).
 */
export const STRIP_SETUID = `RUN ["/bin/sh", "-c", "find / -xdev -perm /6000 -type f -exec chmod ug-s {} + 2>/dev/null; true"]`;

export interface DockerfileInput {
  baseTag: string;
  buildId: string;
  contentHash: string;
  uid: number;
  home: string;
  steps: readonly PlannedStep[];
  /** Seconds each install step may run (timeout(1) ends it with exit 124). */
  stepTimeoutSec: number;
}

export interface RenderedDockerfile {
  text: string;
  /** Instruction number (1-based, as the builder's "Step N/M") → label of the install step it runs. */
  stepAt: Map<number, string>;
}

/**
 * The only Dockerfile skillsign builds: ours, never the skill's. The labels come right after
 * FROM so every intermediate container of the build carries them (found again on timeout).
 * RUN uses the JSON form, so nothing in a step can add Dockerfile instructions.
 */
export function renderDockerfile(input: DockerfileInput): RenderedDockerfile {
  const lines = [
    `FROM ${input.baseTag}`,
    STRIP_SETUID,
    `LABEL ${BUILD_LABEL}=${BUILD_LABEL_VALUE} ${BUILD_ID_LABEL}=${input.buildId} ${CONTENT_LABEL}=${input.contentHash} ${OWNER_LABEL}=${JSON.stringify(ownerLabelValue())}`,
    `COPY --chown=${input.uid}:${input.uid} skill/ /skill/`,
    `COPY skillsign/ /skillsign/`,
    `USER ${input.uid}`,
    `ENV HOME=${input.home}`,
    `WORKDIR /skill`,
  ];
  const stepAt = new Map<number, string>();
  for (const step of input.steps) {
    if (step.kind !== "run") continue;
    // -k: a step that ignores TERM is killed 5 s later (exit 137).
    lines.push(`RUN ${JSON.stringify(["timeout", "-k", "5", String(input.stepTimeoutSec), ...step.argv])}`);
    stepAt.set(lines.length, step.label);
  }
  return { text: `${lines.join("\n")}\n`, stepAt };
}
