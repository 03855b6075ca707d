import type { Command } from "commander";
import { renderHistory, renderStatus } from "./views.js";
import { requireSubmission } from "../workflow/review.js";
import { withStore } from "../workflow/session.js";
import { parseId } from "./review.js";
import { dbOption } from "./options.js";
import { historyJson, statusJson } from "../report/status-json.js";
import { skillsignHome } from "../config/home.js";
import { UsageError } from "../errors.js";
import { sbomForContent } from "../stages/image-build/sbom.js";

interface Flags {
  db?: string;
  json?: boolean;
  sbom?: boolean;
}

/** `status ID` (a submission, with its creator notice) and `history SKILL` (every submission of a skill). */
export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("show a submission: state, reasons, creator notice, signature")
    .argument("<id>")
    .option("--json", "JSON output")
    .option("--sbom", "print the CycloneDX SBOM of the submission's built image (its digest is in the signed statement)")
    .addOption(dbOption())
    .action(async (id: string, f: Flags) => {
      await withStore({ db: f.db }, async (store) => {
        const sub = await requireSubmission(store, parseId(id));
        if (f.sbom) {
          const sbom = sub.contentHash ? sbomForContent(skillsignHome(), sub.contentHash) : undefined;
          if (!sbom) throw new UsageError("FILE_NOT_FOUND", `no SBOM recorded for submission ${sub.id} (the build stage did not produce an image)`);
          process.stdout.write(sbom.text.endsWith("\n") ? sbom.text : `${sbom.text}\n`);
          return;
        }
        const signature = await store.signatureFor(sub.id);
        if (f.json) {
          process.stdout.write(`${JSON.stringify(statusJson(sub, signature), null, 2)}\n`);
        } else process.stdout.write(renderStatus(sub, signature));
      });
    });

  program
    .command("history")
    .description("every submission of a skill, newest first, with signatures")
    .argument("<skill>", "the skill name (from its SKILL.md)")
    .option("--json", "JSON output")
    .addOption(dbOption())
    .action(async (skill: string, f: Flags) => {
      await withStore({ db: f.db }, async (store) => {
        const subs = await store.listSubmissions({ skillName: skill, order: "newest" });
        const sigs = await store.signatures(skill);
        if (f.json) {
          process.stdout.write(`${JSON.stringify(historyJson(skill, subs, sigs), null, 2)}\n`);
        } else process.stdout.write(renderHistory(skill, subs, sigs));
      });
    });
}
