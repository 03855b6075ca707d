import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InternalError } from "../errors.js";

/** The package root (holds rules/, patterns/, policy.yaml) from src/ or from dist/src/. */
export function assetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "patterns"))) return dir;
    dir = resolve(dir, "..");
  }
  throw new InternalError("INTERNAL_ERROR", "cannot find skillsign's package root (patterns/ and package.json)");
}
