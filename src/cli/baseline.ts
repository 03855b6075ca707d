import type { Command } from "commander";
import { createBaseline, readBaseline, signBaseline, verifyBaselineWith, writeBaseline } from "../baseline/index.js";
import { loadPolicy } from "../verdict/policy.js";
import { requiredSigner } from "../workflow/signing-key.js";
import { collect, parseStageIds, policyFileOption } from "./options.js";
import { runScan } from "./scan.js";

export const DEFAULT_BASELINE = ".skillsign-baseline.json";

interface CreateFlags {
  out: string;
  policy?: string;
  only?: string[];
  sandbox?: boolean;
  sign?: boolean;
}

/**
 * Baselines: accept today's findings so `scan`/`ci --baseline FILE` count only new ones. Rules
 * the policy never waives are left out; `ci --require-signed-baseline` wants a reviewer's signature.
 */
export function registerBaseline(program: Command): void {
  const baseline = program.command("baseline").description("accept the current findings so scan/ci --baseline count only new ones");

  baseline
    .command("create")
    .description("scan skill folders (static stages unless --sandbox) and write every finding's fingerprint to a baseline file")
    .argument("<paths...>", "a skill folder or a folder of skills")
    .option("-o, --out <file>", "baseline file to write", DEFAULT_BASELINE)
    .option("--only <id>", "run only these stages (repeatable)", collect)
    .option("--sandbox", "also run the sandbox stages")
    .option("--sign", "sign it with the reviewer key in SKILLSIGN_SIGNING_KEY (for ci --require-signed-baseline)")
    .addOption(policyFileOption())
    .action(async (paths: string[], f: CreateFlags) => {
      const policy = loadPolicy(f.policy);
      const signer = f.sign ? await requiredSigner() : undefined;
      const run = await runScan({ format: "json", paths, policyPath: f.policy, only: parseStageIds(f.only, "--only"), sandbox: f.sandbox });
      const { body, leftOut } = createBaseline(run.report, policy);
      writeBaseline(f.out, signer ? await signBaseline(body, signer) : body);
      const skipped = leftOut > 0 ? `; ${leftOut} finding(s) of never-waive rules left out (they always count)` : "";
      process.stdout.write(`baseline ${f.out}: ${body.entries.length} finding(s) from ${run.report.skills.length} skill(s)${skipped}${signer ? `; signed by ${signer.keyId}` : ""}\n`);
    });

  baseline
    .command("sign")
    .description("sign a baseline file with the reviewer key in SKILLSIGN_SIGNING_KEY")
    .argument("<file>")
    .action(async (file: string) => {
      const signer = await requiredSigner();
      writeBaseline(file, await signBaseline(readBaseline(file), signer));
      process.stdout.write(`baseline ${file} signed by ${signer.keyId}\n`);
    });

  baseline
    .command("verify")
    .description("check a baseline's signature against a trust file (exit 0 valid, 2 otherwise)")
    .argument("<file>")
    .requiredOption("--trust <file>", "trust.json listing the reviewer keys")
    .action(async (file: string, f: { trust: string }) => {
      const keyId = await verifyBaselineWith(readBaseline(file), f.trust);
      process.stdout.write(`baseline ${file}: signature by ${keyId} verified\n`);
    });
}
