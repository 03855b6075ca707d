import { UsageError } from "../errors.js";
import { discoverSkillFolders } from "../pipeline/discover.js";
import { loadPolicy } from "../verdict/policy.js";
import { baselineFromFlags } from "./baseline-option.js";
import { renderJsonWith, renderReport } from "../report/index.js";
import { changedSkills } from "../workflow/changed-skills.js";
import { withStore } from "../workflow/session.js";
import { runSubmissions } from "../workflow/submit.js";
import type { CiFlags } from "./ci.js";
import { submissionLines, submissionsJson } from "./submissions.js";
import { exitCodeForReport, parseStageIds, writeReportText } from "./options.js";

/** `skillsign ci` once its arguments are parsed (loaded only when the command runs). */
export async function ciAction(paths: string[], flags: CiFlags): Promise<void> {
  const skip = parseStageIds(flags.skip, "--skip");
  const baseline = await baselineFromFlags(flags, loadPolicy(flags.policy));
  const { dirs, skipped } = selectSkills(paths, flags.changedSince);
  if (dirs.length === 0) {
    const empty = { skills: [], inputErrors: [] };
    if (flags.sarif) writeReportText(renderReport(empty, "sarif", { color: false }), flags.sarif);
    if (flags.json) writeReportText(renderJsonWith(empty, { submissions: [] }), flags.json);
    process.stdout.write(`no skills changed since ${flags.changedSince}\n`);
    process.exitCode = 0;
    return;
  }
  await withStore({ db: flags.db }, async (store) => {
    const submitted = await runSubmissions(store, dirs, { source: "ci", policyPath: flags.policy, skip, baseline });
    const run = { ...submitted, report: { ...submitted.report, skipped } };
    if (flags.sarif) writeReportText(renderReport(run.report, "sarif", { color: false }), flags.sarif);
    if (flags.json) {
      writeReportText(renderJsonWith(run.report, { submissions: submissionsJson(run.processed) }), flags.json);
    }
    process.stdout.write(renderReport(run.report, "human", { color: false }));
    process.stdout.write(`\n${submissionLines(run.processed).join("\n")}\n`);
    process.exitCode = exitCodeForReport(run.report, flags.failOn);
  });
}

function selectSkills(paths: string[], changedSince: string | undefined): ReturnType<typeof discoverSkillFolders> {
  if (changedSince !== undefined) return { dirs: changedSkills(changedSince, { within: paths }), skipped: [] };
  if (paths.length === 0) throw new UsageError("USAGE_ERROR", "ci needs PATHS, --changed-since REF, or both");
  return discoverSkillFolders(paths);
}
