import { join } from "node:path";
import type { Command } from "commander";
import { assetsDir } from "../config/assets.js";
import { skillsignHome } from "../config/home.js";
import { redactText } from "../redact.js";
import { policyFileOption, policyOption } from "./options.js";

/** `doctor` exit codes: 0 ready, 4 something the policy requires is missing, 2 usage (bad --policy). */
export const DOCTOR_EXIT = { ready: 0, missing: 4 } as const;

interface Flags {
  json?: boolean;
  policy?: string;
}

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check Docker, gVisor, the base image, Semgrep, Trivy and Snyk, and say how to fix what is missing")
    .option("--json", "JSON output")
    .addOption(policyFileOption())
    .action(async (f: Flags) => {
      const policy = await policyOption(f.policy);
      const env = process.env;
      const { renderDoctor, runDoctor } = await import("../doctor/index.js"); // the checks (pg, Docker…) load only when doctor runs
      const report = await runDoctor({ env, assetsDir: assetsDir(), cacheDir: join(skillsignHome(env), "cache") }, policy);
      // Details and versions quote engine and tool output (outside values): scrub those. Names and
      // fixes are our own text ("export SNYK_TOKEN=<your token>") and are printed as written.
      const safe = { ...report, components: report.components.map((c) => ({ ...c, detail: redactText(c.detail), ...(c.version ? { version: redactText(c.version) } : {}) })) };
      process.stdout.write(f.json ? `${JSON.stringify(safe, null, 2)}\n` : renderDoctor(safe));
      process.exitCode = report.ok ? DOCTOR_EXIT.ready : DOCTOR_EXIT.missing;
    });
}
