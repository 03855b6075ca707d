export { dockerClient, probeEngine, type EngineInfo } from "./client.js";
export { ensureImage, type ImageInfo } from "./image.js";
export { runContainer, removeContainer } from "./run-container.js";
export { removeStaleContainers } from "./stale.js";
export { DockerUnavailableError, classifyDockerError, type DockerUnavailableCode } from "./errors.js";
export type { BindMount, ContainerLimits, ContainerEnd, ContainerRunResult, RunContainerOptions } from "./run.types.js";
