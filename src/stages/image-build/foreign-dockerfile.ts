import type { Finding } from "../../findings.types.js";
import { redactText } from "../../redact.js";
import { readSnapshotText } from "../../snapshot/read.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { repoOf } from "./base-image.js";

const DOCKERFILE_NAME = /(^|\/)(Dockerfile|Containerfile)(\.[^/]*)?$|\.(Dockerfile|dockerfile)$/;

/**
 * A skill may ship its own Dockerfile, but skillsign never builds it. One that starts from
 * anything but the platform base is flagged: it is how a skill would smuggle in its own image.
 */
export function foreignBaseFindings(snap: Snapshot, baseRepo: string): Finding[] {
  const findings: Finding[] = [];
  for (const f of snap.files) {
    if (!DOCKERFILE_NAME.test(f.path)) continue;
    const text = readSnapshotText(snap, f.path);
    if (!text.ok) continue;
    const stages = new Set<string>();
    text.text.split(/\r?\n/).forEach((raw, i) => {
      const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(raw);
      if (!m) return;
      const image = m[1]!;
      const earlierStage = stages.has(image.toLowerCase());
      if (m[2]) stages.add(m[2].toLowerCase());
      if (earlierStage || repoOf(image) === baseRepo) return;
      findings.push({
        ruleId: "build.foreign-base-image",
        stage: "build",
        severity: "high",
        category: "supply-chain",
        confidence: "high",
        file: f.path,
        line: i + 1,
        message: `${f.path} builds FROM ${image}, not the platform base image ${baseRepo}; skillsign ignored it and built on its own base`,
        evidence: redactText(raw.trim()).slice(0, 200),
        fix: `Remove the Dockerfile, or start it FROM ${baseRepo}; declare install steps in SKILL.md metadata instead`,
      });
    });
  }
  return findings;
}
