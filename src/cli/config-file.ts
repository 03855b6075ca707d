import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../errors.js";

/** The per-repository defaults file, looked up in the working directory, then the git root. */
export const CONFIG_FILE = ".skillsign.yaml";

type Kind = "string" | "path" | "string-list" | "boolean" | readonly string[];

/**
 * Every key is the long name of a flag and applies to each command that has that flag; a flag
 * given on the command line (or its environment variable) wins over the file.
 */
export const CONFIG_KEYS: Readonly<Record<string, Kind>> = {
  policy: "path",
  db: "path",
  skip: "string-list",
  "fail-on": ["approved", "review", "rejected"],
  format: ["human", "json", "sarif"],
  sandbox: "boolean",
  reviewer: "string",
  quiet: "boolean",
  color: "boolean",
};

export type ConfigValue = string | string[] | boolean;
export interface LoadedConfig {
  path: string;
  values: Record<string, ConfigValue>;
}

/** $SKILLSIGN_CONFIG, else ./.skillsign.yaml, else <git root>/.skillsign.yaml; undefined when none. */
export function findConfigFile(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SKILLSIGN_CONFIG) {
    const file = resolve(cwd, env.SKILLSIGN_CONFIG);
    if (!existsSync(file)) throw new UsageError("CONFIG_ERROR", `SKILLSIGN_CONFIG names ${file}, which does not exist`);
    return file;
  }
  const here = resolve(cwd);
  const root = gitRoot(here);
  // Only these two places: a file further up belongs to someone else.
  for (const dir of root && root !== here ? [here, root] : [here]) {
    if (existsSync(join(dir, CONFIG_FILE))) return join(dir, CONFIG_FILE);
  }
  return undefined;
}

function gitRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

/** Reads and validates the file: unknown keys and wrong types are CONFIG_ERROR (exit 2). */
export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  const { parse } = await import("yaml");
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, "utf8"), { uniqueKeys: true, prettyErrors: true });
  } catch (err) {
    throw new UsageError("CONFIG_ERROR", `${path}: not valid YAML: ${(err as Error).message.split("\n")[0]}`, err);
  }
  if (doc === null || doc === undefined) return { path, values: {} };
  if (typeof doc !== "object" || Array.isArray(doc)) throw new UsageError("CONFIG_ERROR", `${path}: must be a mapping of flag names to values`);
  const values: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const kind = CONFIG_KEYS[key];
    if (!kind) throw new UsageError("CONFIG_ERROR", `${path}: unknown key ${JSON.stringify(key)} (keys: ${Object.keys(CONFIG_KEYS).join(", ")})`);
    values[key] = checked(path, key, kind, value);
  }
  return { path, values };
}

function checked(path: string, key: string, kind: Kind, value: unknown): ConfigValue {
  const bad = (want: string) => new UsageError("CONFIG_ERROR", `${path}: ${JSON.stringify(key)} must be ${want}, got ${JSON.stringify(value)}`);
  if (kind === "boolean") {
    if (typeof value !== "boolean") throw bad("true or false");
    return value;
  }
  if (kind === "string-list") {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || !list.every((v) => typeof v === "string" && v.trim() !== "")) throw bad("a list of strings");
    return list as string[];
  }
  if (typeof value !== "string" || value.trim() === "") throw bad(Array.isArray(kind) ? `one of ${kind.join(", ")}` : "a non-empty string");
  if (Array.isArray(kind) && !kind.includes(value)) throw bad(`one of ${kind.join(", ")}`);
  // Paths are relative to the file, so the same file works from any working directory.
  if (kind === "path" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return resolve(dirname(path), value);
  return value;
}

/**
 * Fills the options of `commands` that the command line (and the environment) left unset.
 * Commander records where each value came from; only "default" or unset values are replaced.
 */
export function applyConfig(config: LoadedConfig, commands: readonly Command[]): void {
  for (const cmd of commands) {
    for (const option of cmd.options) {
      const key = option.long?.replace(/^--(no-)?/, "");
      if (!key || !(key in config.values)) continue;
      const attr = option.attributeName();
      const source = cmd.getOptionValueSource(attr);
      if (source === "cli" || source === "env") continue;
      // `--json` on the command line overrides a configured format instead of conflicting with it.
      if (key === "format" && cmd.getOptionValueSource("json") === "cli") continue;
      cmd.setOptionValueWithSource(attr, config.values[key], "config");
    }
  }
}
