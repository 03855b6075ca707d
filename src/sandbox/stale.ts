import type Docker from "dockerode";
import { classifyDockerError } from "./errors.js";
import { removeContainer } from "./run-container.js";

/**
 * Removes containers carrying `label` (e.g. "org.skillsign.stage=behavior") created more than
 * `maxAgeMs` ago: leftovers of a process that was killed before its own cleanup could run.
 * Returns how many were removed.
 */
export async function removeStaleContainers(docker: Docker, label: string, maxAgeMs: number, now = Date.now()): Promise<number> {
  let list: Array<{ Id: string; Created: number }>;
  try {
    list = (await docker.listContainers({ all: true, filters: { label: [label] } })) as Array<{ Id: string; Created: number }>;
  } catch (err) {
    throw classifyDockerError(err, "list containers");
  }
  const stale = list.filter((c) => now - c.Created * 1000 >= maxAgeMs);
  for (const c of stale) await removeContainer(docker.getContainer(c.Id));
  return stale.length;
}
