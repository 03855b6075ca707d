import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Where skillsign keeps its store, snapshots and caches. */
export function skillsignHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SKILLSIGN_HOME ?? join(homedir(), ".skillsign"));
}
