import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { reviewerName } from "../workflow/actor.js";
import { dbOption, policyFileOption } from "./options.js";
import { reviewViaServer, serverOptions, type RemoteFlags } from "./remote.js";

/** The store, the review workflow and the views: loaded when a subcommand runs, never for `--help` (test/cli/help-loads.test.ts). */
const work = async () => {
  const [session, review, views, json, key, policy] = await Promise.all([
    import("../workflow/session.js"),
    import("../workflow/review.js"),
    import("./views.js"),
    import("../report/status-json.js"),
    import("../workflow/signing-key.js"),
    import("../verdict/policy.js"),
  ]);
  return { ...session, ...review, ...views, ...json, ...key, ...policy };
};

interface DbFlags extends RemoteFlags {
  db?: string;
  json?: boolean;
  reviewer?: string;
  /** The reviewer's own checkout of the skill (re-snapshotted; must hold the analysed content). */
  path?: string;
}

/** The reviewer's commands: list, show, approve (signs), reject (creator notice), waive. */
export function registerReview(program: Command): void {
  const review = program.command("review").description("work the review queue: list, show, approve, reject, waive");
  const common = (c: Command) => serverOptions(c.addOption(dbOption()));

  common(review.command("list").description("submissions waiting for review, oldest first").option("--json", "JSON output")).action(async (f: DbFlags) => {
    if (f.server) return reviewViaServer(f, "list");
    const { withStore, reviewQueue, renderQueue } = await work();
    await withStore({ db: f.db }, async (store) => {
      const queue = await reviewQueue(store);
      process.stdout.write(f.json ? json(queue.map((q) => ({ ...summary(q.submission), decidingFindings: q.decidingFindings }))) : renderQueue(queue));
    });
  });

  common(review.command("show").description("findings, evidence, permissions and the diff against the last approved version").argument("<id>").option("--json", "JSON output"))
    .action(async (id: string, f: DbFlags) => {
      if (f.server) return reviewViaServer(f, "show", parseId(id));
      const { withStore, reviewDetail, renderDetail, submissionJson } = await work();
      await withStore({ db: f.db }, async (store) => {
        const d = await reviewDetail(store, parseId(id));
        process.stdout.write(f.json ? json({ ...d, submission: submissionJson(d.submission) }) : renderDetail(d));
      });
    });

  common(reviewer(review.command("approve").description("approve and sign (needs SKILLSIGN_SIGNING_KEY)").argument("<id>").requiredOption("--note <text>", "why it is safe")))
    .action(async (id: string, f: DbFlags & { note: string }) => {
      if (f.server) return reviewViaServer(f, "approve", parseId(id), [nonEmpty(f.note, "--note")]);
      const by = reviewerName(f.reviewer);
      const { withStore, approveSubmission, requiredSigner } = await work();
      const signer = await requiredSigner();
      await withStore({ db: f.db }, async (store) => {
        const done = await approveSubmission(store, parseId(id), { reviewer: by, note: nonEmpty(f.note, "--note"), signer, ...(f.path ? { path: f.path } : {}) });
        process.stdout.write(`submission ${done.submission.id} approved by ${by}; signed (sequence ${done.signature?.sequence}) -> ${done.signaturePath}\n`);
      });
    });

  common(reviewer(review.command("reject").description("reject; the creator sees the reason").argument("<id>").requiredOption("--reason <text>", "what the creator must fix")))
    .action(async (id: string, f: DbFlags & { reason: string }) => {
      if (f.server) return reviewViaServer(f, "reject", parseId(id), [nonEmpty(f.reason, "--reason")]);
      const by = reviewerName(f.reviewer);
      const { withStore, rejectSubmission } = await work();
      await withStore({ db: f.db }, async (store) => {
        const sub = await rejectSubmission(store, parseId(id), { reviewer: by, reason: nonEmpty(f.reason, "--reason"), ...(f.path ? { path: f.path } : {}) });
        process.stdout.write(`submission ${sub.id} rejected by ${by}\n`);
      });
    });

  common(
    reviewer(
      review
        .command("waive")
        .description("waive one rule for later submissions of this skill, until a date")
        .argument("<id>")
        .argument("<rule>")
        .requiredOption("--reason <text>", "why the rule does not apply")
        .requiredOption("--expires <date>", "when the waiver stops applying (YYYY-MM-DD or ISO date-time)")
        .addOption(policyFileOption()),
    ),
  ).action(async (id: string, rule: string, f: DbFlags & { reason: string; expires: string; policy?: string }) => {
    if (f.server) return reviewViaServer(f, "waive", parseId(id), [rule, nonEmpty(f.reason, "--reason"), f.expires]);
    const by = reviewerName(f.reviewer);
    const { withStore, waiveRule, loadPolicy } = await work();
    const policy = loadPolicy(f.policy);
    await withStore({ db: f.db }, async (store) => {
      const w = await waiveRule(store, parseId(id), rule, { reviewer: by, reason: nonEmpty(f.reason, "--reason"), expires: f.expires, policy, ...(f.path ? { path: f.path } : {}) });
      process.stdout.write(`waived ${w.ruleId} for skill ${w.skill} until ${w.expires} (by ${by}); applies to later submissions\n`);
    });
  });
}

function reviewer(c: Command): Command {
  return c
    .option("--reviewer <name>", "who decides (default: $SKILLSIGN_REVIEWER)")
    .option("--path <dir>", "your own checkout of the skill: re-snapshotted, refused unless it is the analysed content");
}

export function parseId(text: string): number {
  if (!/^\d{1,15}$/.test(text.trim())) throw new UsageError("USAGE_ERROR", `not a submission id: ${JSON.stringify(text)} (ids are numbers)`);
  return Number(text.trim());
}

function nonEmpty(v: string, flag: string): string {
  if (!v.trim()) throw new UsageError("USAGE_ERROR", `${flag} must not be empty`);
  return v.trim();
}

function summary(s: { id: number; skillName: string; version: string; state: string; createdAt: string; submittedBy: string }): object {
  return { id: s.id, skill: s.skillName, version: s.version, state: s.state, createdAt: s.createdAt, submittedBy: s.submittedBy };
}

function json(v: unknown): string {
  return `${JSON.stringify(v, null, 2)}\n`;
}
