import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface VulnDb {
  present: boolean;
  /** Trivy's db/metadata.json UpdatedAt: a newer database makes cached results stale. */
  updatedAt?: string;
}

/** Vulnerability scanning runs only when a Trivy DB already sits in the cache dir (nothing is downloaded). */
export function vulnDb(trivyCacheDir: string): VulnDb {
  if (!existsSync(join(trivyCacheDir, "db", "trivy.db"))) return { present: false };
  try {
    const meta = JSON.parse(readFileSync(join(trivyCacheDir, "db", "metadata.json"), "utf8")) as { UpdatedAt?: string };
    return { present: true, updatedAt: meta.UpdatedAt };
  } catch {
    return { present: true };
  }
}

/** The Trivy cache dir: $SKILLSIGN_TRIVY_CACHE_DIR, else <skillsign cache>/trivy. */
export function trivyCacheDir(cacheDir: string, env: NodeJS.ProcessEnv): string {
  return env.SKILLSIGN_TRIVY_CACHE_DIR || join(cacheDir, "trivy");
}
