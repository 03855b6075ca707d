import type { SkillAnalysis } from "../analysis.types.js";
import { effectivePermissions } from "../permissions/effective.js";
import { defaultSignaturePath, envelopeJson, signSkill, type SignSkillInput } from "../signing/index.js";
import { writeSignatureFile } from "../signing/atomic-write.js";
import type { LoadedSkill } from "../skill/load.js";
import type { Snapshot } from "../snapshot/snapshot.types.js";
import { buildAttestation } from "../stages/image-build/attestation.js";
import type { SignRequest, SignatureRecord } from "../store/store.types.js";
import type { Verdict } from "../verdict/index.js";
import type { LoadedSigner } from "./signing-key.js";

/** Who approved a skill, with what each approval signs. */
export type Approved =
  | { by: "pipeline"; analysis: SkillAnalysis; verdict: Verdict; policyDigest: string }
  | {
      by: "reviewer";
      snapshot: Snapshot;
      skill: LoadedSkill;
      /** As recorded at submission: the name and version the reviewer saw. */
      name: string;
      version: string;
      verdict?: Verdict;
      policyDigest?: string;
      reviewer: string;
      note: string;
    }
  | { by: "manual"; snapshot: Snapshot; skill: LoadedSkill };

/**
 * The one place that decides what gets signed, for the pipeline, a reviewer and `skillsign sign`.
 * A skill that declares no permissions is signed by the pipeline with what it inferred (inferred: true);
 * a reviewer and a key holder sign the declared permissions they looked at.
 */
export function signingInput(a: Approved, sequence: number, signedAt: Date): SignSkillInput {
  switch (a.by) {
    case "pipeline":
      return {
        snapshot: a.analysis.snapshot,
        name: a.analysis.name,
        version: a.analysis.version,
        permissions: effectivePermissions(a.analysis.permissions, a.analysis.stages).signed,
        approval: { kind: "pipeline" },
        sequence,
        verdict: { decision: a.verdict.decision, reasons: a.verdict.reasons },
        policyDigest: a.policyDigest,
        tools: toolsOf(a.analysis),
        ...buildAttestation(a.analysis.stages),
        signedAt,
      };
    case "reviewer":
      return {
        snapshot: a.snapshot,
        name: a.name,
        version: a.version,
        permissions: a.skill.permissions,
        approval: { kind: "reviewer", by: a.reviewer, note: a.note },
        sequence,
        verdict: a.verdict ? { decision: "approved", reasons: a.verdict.reasons, routedTo: a.verdict.decision } : undefined,
        policyDigest: a.policyDigest,
        signedAt,
      };
    case "manual":
      return { snapshot: a.snapshot, name: a.skill.name, version: a.skill.version, permissions: a.skill.permissions, approval: { kind: "manual" }, sequence, signedAt };
  }
}

/** What the store calls, inside its transaction, once it has taken the next sequence number. */
export function signRequest(signer: LoadedSigner, approved: Approved, at: Date): SignRequest {
  return {
    keyId: signer.keyId,
    publicKey: Buffer.from(signer.publicKey).toString("base64"),
    sign: async (sequence) => ({ envelope: await signSkill(signingInput(approved, sequence, at), signer), signedAt: at.toISOString() }),
  };
}

export function pipelineSignRequest(analysis: SkillAnalysis, verdict: Verdict, policyDigest: string, signer: LoadedSigner, at: Date): SignRequest {
  return signRequest(signer, { by: "pipeline", analysis, verdict, policyDigest }, at);
}

export function toolsOf(analysis: Pick<SkillAnalysis, "stages">): { name: string; version: string }[] {
  const seen = new Map<string, string>();
  for (const s of analysis.stages) if (s.tool) seen.set(`${s.tool.name}@${s.tool.version}`, s.tool.name);
  return [...seen.keys()].sort().map((k) => ({ name: seen.get(k)!, version: k.slice(seen.get(k)!.length + 1) }));
}

/** The detached envelope goes beside the skill folder, never inside it. */
export async function writeSignature(skillPath: string, signature: SignatureRecord): Promise<string> {
  const path = defaultSignaturePath(skillPath);
  // Never through a symlink the submitter planted beside the folder (issue 11).
  await writeSignatureFile(path, envelopeJson(signature.envelope as Parameters<typeof envelopeJson>[0]));
  return path;
}
