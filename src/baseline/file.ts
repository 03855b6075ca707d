import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { UsageError } from "../errors.js";
import { buildReportModel } from "../report/model.js";
import type { ReportInput } from "../report/report.types.js";
import type { Policy } from "../verdict/policy.js";
import { VERSION } from "../version.js";
import type { BaselineBody, BaselineEntry, BaselineFile } from "./baseline.types.js";

const Entry = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{32}:\d+$/, "expected a skillsign fingerprint (32 hex digits:n)"),
  skill: z.string(),
  ruleId: z.string().min(1),
  file: z.string().optional(),
  line: z.number().int().nonnegative().optional(),
  severity: z.string(),
  message: z.string(),
});
const Envelope = z.strictObject({ payloadType: z.string(), payload: z.string(), signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.string() })) });
const BaselineSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal("skillsign-baseline"),
  createdAt: z.string(),
  tool: z.strictObject({ name: z.literal("skillsign"), version: z.string() }),
  entries: z.array(Entry),
  signature: Envelope.optional(),
});

/**
 * A baseline of every finding of this run, except rules the policy never waives: a baseline is
 * reviewed data and cannot silence what no reviewer may silence. Entries are sorted by skill,
 * rule and fingerprint so the file diffs cleanly.
 */
export function createBaseline(input: ReportInput, policy: Policy, now: Date = new Date()): { body: BaselineBody; leftOut: number } {
  const model = buildReportModel(input, { includeDurations: false });
  const entries: BaselineEntry[] = [];
  let leftOut = 0;
  for (const s of model.skills) {
    for (const f of s.findings) {
      if (policy.neverWaive.includes(f.ruleId)) {
        leftOut++;
        continue;
      }
      entries.push({ fingerprint: f.fingerprint!, skill: s.name, ruleId: f.ruleId, ...(f.file ? { file: f.file } : {}), ...(f.line ? { line: f.line } : {}), severity: f.severity, message: f.message });
    }
  }
  entries.sort((a, b) => cmp(a.skill, b.skill) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint));
  return { body: { schemaVersion: 1, kind: "skillsign-baseline", createdAt: now.toISOString(), tool: { name: "skillsign", version: VERSION }, entries }, leftOut };
}

export function readBaseline(path: string): BaselineFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError("FILE_NOT_FOUND", `cannot read baseline ${path}: ${String((err as NodeJS.ErrnoException).code)}`, err);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError("CONFIG_ERROR", `${path}: not a baseline file (invalid JSON)`);
  }
  const parsed = BaselineSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError("CONFIG_ERROR", `${path}: invalid baseline: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data as BaselineFile;
}

export function writeBaseline(path: string, file: BaselineFile): void {
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

/**
 * What the verdict reads: fingerprint -> a short description of the accepted entry. Entries of
 * never-waive rules (a hand-edited file) are dropped here too; route() also refuses them.
 */
export function baselineMap(file: BaselineFile, policy: Policy, source: string): Map<string, string> {
  return new Map(file.entries.filter((e) => !policy.neverWaive.includes(e.ruleId)).map((e) => [e.fingerprint, `accepted in ${source} (${file.createdAt.slice(0, 10)})`]));
}

export function bodyOf(file: BaselineFile): BaselineBody {
  const { signature: _sig, ...body } = file;
  return body;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
