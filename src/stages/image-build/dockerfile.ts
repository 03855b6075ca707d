import { OWNER_LABEL, ownerLabelValue } from "../../sandbox/owner.js";
import { PREFETCH_GUEST_DIR } from "./offline-step.js";

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
}

export interface RenderedDockerfile {
  text: string;
}

/** pip's header directory for the image's own python3 (/usr/include/python3.11 on Debian 12); chr(46) is "." without quoting. */
const PYTHON_INCLUDE = "/usr/include/python$(python3 -c 'import sys; print(*sys.version_info[:2], sep=chr(46))')";

/**
 * The only Dockerfile skillsign builds: ours, never the skill's. It prepares the image (skill,
 * installer, prefetched packages) and runs none of the skill's steps: those run afterwards, one
 * container each under gVisor (step-runner.ts). The labels come right after FROM so every
 * intermediate container of the build carries them (found again on timeout).
 */
export function renderDockerfile(input: DockerfileInput): RenderedDockerfile {
  const lines = [
    `FROM ${input.baseTag}`,
    STRIP_SETUID,
    // Before the per-build LABEL, so the layer is cached per base image (no container per build).
    // pip --prefix /usr lands in /usr/local (Debian scheme; on python3's path): the behaviour stage bind-mounts over /home/skill.
    // Wheels with C headers (greenlet, under playwright) still write /usr/include/pythonX.Y/<pkg>: the build user owns that too.
    `RUN ["/bin/sh", "-c", "inc=${PYTHON_INCLUDE} && mkdir -p $inc && chown -R ${input.uid}:${input.uid} /usr/local $inc"]`,
    `LABEL ${BUILD_LABEL}=${BUILD_LABEL_VALUE} ${BUILD_ID_LABEL}=${input.buildId} ${CONTENT_LABEL}=${input.contentHash} ${OWNER_LABEL}=${JSON.stringify(ownerLabelValue())}`,
    `COPY --chown=${input.uid}:${input.uid} skill/ /skill/`,
    `COPY skillsign/ /skillsign/`,
    // The build user owns it: npm --offline still writes index entries into its cache.
    `COPY --chown=${input.uid}:${input.uid} prefetch/ ${PREFETCH_GUEST_DIR}/`,
    `USER ${input.uid}`,
    `ENV HOME=${input.home} NODE_PATH=/skill/node_modules`,
    `WORKDIR /skill`,
  ];
  return { text: `${lines.join("\n")}\n` };
}
