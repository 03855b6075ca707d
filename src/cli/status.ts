import type { Command } from "commander";
import { parseId } from "./review.js";
import { dbOption } from "./options.js";
import { skillsignHome } from "../config/home.js";
import { UsageError } from "../errors.js";

/** The store, the views and the SBOM reader: loaded when a command runs, never for `--help` (test/cli/help-loads.test.ts). */
const work = async () => {
  const [session, review, views, json, sbom] = await Promise.all([
    import("../workflow/session.js"),
    import("../workflow/review.js"),
    import("./views.js"),
    import("../report/status-json.js"),
    import("../stages/image-build/sbom.js"),
  ]);
  return { ...session, ...review, ...views, ...json, ...sbom };
};

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
      const { withStore, requireSubmission, sbomForContent, statusJson, renderStatus } = await work();
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
      const { withStore, historyJson, renderHistory } = await work();
      await withStore({ db: f.db }, async (store) => {
        const subs = await store.listSubmissions({ skillName: skill, order: "newest" });
        const sigs = await store.signatures(skill);
        if (f.json) {
          process.stdout.write(`${JSON.stringify(historyJson(skill, subs, sigs), null, 2)}\n`);
        } else process.stdout.write(renderHistory(skill, subs, sigs));
      });
    });
}
