import { createBaseline, readBaseline, signBaseline, verifyBaselineWith, writeBaseline } from "../baseline/index.js";
import { loadPolicy } from "../verdict/policy.js";
import { requiredSigner } from "../workflow/signing-key.js";
import type { CreateFlags } from "./baseline.js";
import { parseStageIds } from "./options.js";
import { runScan } from "./scan-run.js";

// The `baseline` subcommands once their arguments are parsed (loaded only when one runs).

export async function createAction(paths: string[], f: CreateFlags): Promise<void> {
  const policy = loadPolicy(f.policy);
  const signer = f.sign ? await requiredSigner() : undefined;
  const run = await runScan({ format: "json", paths, policyPath: f.policy, only: parseStageIds(f.only, "--only"), sandbox: f.sandbox });
  const { body, leftOut } = createBaseline(run.report, policy);
  writeBaseline(f.out, signer ? await signBaseline(body, signer) : body);
  const skipped = leftOut > 0 ? `; ${leftOut} finding(s) of never-waive rules left out (they always count)` : "";
  process.stdout.write(`baseline ${f.out}: ${body.entries.length} finding(s) from ${run.report.skills.length} skill(s)${skipped}${signer ? `; signed by ${signer.keyId}` : ""}\n`);
}

export async function signAction(file: string): Promise<void> {
  const signer = await requiredSigner();
  writeBaseline(file, await signBaseline(readBaseline(file), signer));
  process.stdout.write(`baseline ${file} signed by ${signer.keyId}\n`);
}

export async function verifyAction(file: string, f: { trust: string }): Promise<void> {
  const keyId = await verifyBaselineWith(readBaseline(file), f.trust);
  process.stdout.write(`baseline ${file}: signature by ${keyId} verified\n`);
}
