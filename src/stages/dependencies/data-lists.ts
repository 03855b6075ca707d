import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Ecosystem } from "./dependency.types.js";
import { normaliseName } from "./parsed.js";
import { InternalError } from "../../errors.js";

export interface MaliciousEntry {
  name: string;
  /** Only these releases are malicious; absent = every release. */
  versions?: string[];
  reason: string;
}

export interface PackageLists {
  popular: Record<Ecosystem, ReadonlySet<string>>;
  malicious: Record<Ecosystem, ReadonlyMap<string, MaliciousEntry>>;
}

/** Reads data/popular-packages.json and data/known-malicious.json shipped with skillsign. */
export function loadPackageLists(assetsDir: string): PackageLists {
  const popular = readJson(join(assetsDir, "data", "popular-packages.json"));
  const malicious = readJson(join(assetsDir, "data", "known-malicious.json"));
  const popularOf = (e: Ecosystem) => new Set(stringArray(popular[e]).map((n) => normaliseName(e, n)));
  const maliciousOf = (e: Ecosystem) => new Map(entries(malicious[e]).map((m) => [normaliseName(e, m.name), m] as const));
  return {
    popular: { npm: popularOf("npm"), pypi: popularOf("pypi") },
    malicious: { npm: maliciousOf("npm"), pypi: maliciousOf("pypi") },
  };
}

function readJson(path: string): Record<string, unknown> {
  const v: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new InternalError("PARSE_FAILED", `${path}: expected a JSON object`);
  return v as Record<string, unknown>;
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function entries(v: unknown): MaliciousEntry[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is MaliciousEntry => typeof x === "object" && x !== null && typeof (x as MaliciousEntry).name === "string");
}
