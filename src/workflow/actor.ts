import { userInfo } from "node:os";
import { UsageError } from "../errors.js";

/** Who is recorded as submitting: $SKILLSIGN_ACTOR, else the login name. */
export function actorName(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.SKILLSIGN_ACTOR?.trim() || env.USER?.trim() || env.LOGNAME?.trim();
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username || "unknown";
  } catch {
    return "unknown";
  }
}

/** Reviewer commands need a name for the audit log: --reviewer or $SKILLSIGN_REVIEWER, never guessed. */
export function reviewerName(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const name = flag?.trim() || env.SKILLSIGN_REVIEWER?.trim();
  if (!name) throw new UsageError("USAGE_ERROR", "review decisions need a reviewer: pass --reviewer NAME or set SKILLSIGN_REVIEWER");
  if (name.length > 200 || /[\u0000-\u001f]/.test(name)) throw new UsageError("USAGE_ERROR", "the reviewer name must be one line of at most 200 characters");
  return name;
}
