import type { SkillAnalysis } from "../pipeline/pipeline.types.js";
import { effectivePermissions } from "../permissions/effective.js";
import { defaultSignaturePath, envelopeJson, signSkill } from "../signing/index.js";
import { writeSignatureFile } from "../signing/atomic-write.js";
import type { SignRequest, SignatureRecord } from "../store/store.types.js";
import type { Verdict } from "../verdict/index.js";
import type { LoadedSigner } from "./signing-key.js";

/** What the store calls, inside its transaction, once it has taken the next sequence number. */
export function pipelineSignRequest(analysis: SkillAnalysis, verdict: Verdict, policyDigest: string, signer: LoadedSigner, at: Date): SignRequest {
  return {
    keyId: signer.keyId,
    publicKey: Buffer.from(signer.publicKey).toString("base64"),
    sign: async (sequence) => {
      const envelope = await signSkill(
        {
          snapshot: analysis.snapshot,
          name: analysis.name,
          version: analysis.version,
          // A skill that declares no permissions is signed with what the pipeline inferred (inferred: true).
          permissions: effectivePermissions(analysis.permissions, analysis.stages).signed,
          approval: { kind: "pipeline" },
          sequence,
          verdict: { decision: verdict.decision, reasons: verdict.reasons },
          policyDigest,
          tools: toolsOf(analysis),
          signedAt: at,
        },
        signer,
      );
      return { envelope, signedAt: at.toISOString() };
    },
  };
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
