import type { Command } from "commander";
import { renderHistory, renderStatus } from "../workflow/render.js";
import { requireSubmission } from "../workflow/review.js";
import { withStore } from "../workflow/session.js";
import { parseId } from "./review.js";
import { dbOption } from "./options.js";
import { historyJson, statusJson } from "../report/status-json.js";

interface Flags {
  db?: string;
  json?: boolean;
}

/** `status ID` (a submission, with its creator notice) and `history SKILL` (every submission of a skill). */
export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("show a submission: state, reasons, creator notice, signature")
    .argument("<id>")
    .option("--json", "JSON output")
    .addOption(dbOption())
    .action(async (id: string, f: Flags) => {
      await withStore({ db: f.db }, async (store) => {
        const sub = await requireSubmission(store, parseId(id));
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
