import { submitViaServer } from "./remote.js";
import { discoverSkillFolders } from "../pipeline/discover.js";
import { createProgress } from "../progress/index.js";
import { renderJsonWith, renderReport, shouldColor } from "../report/index.js";
import type { SubmitFlags } from "./submit.js";
import { developmentKeyLines, submissionLines, submissionsJson } from "./submissions.js";
import { exitCodeForReport, parseStageIds } from "./options.js";

/** `skillsign submit` once its arguments are parsed (loaded only when the command runs). */
export async function submitAction(paths: string[], flags: SubmitFlags): Promise<void> {
  if (flags.server) return submitViaServer(paths, flags);
  const skip = parseStageIds(flags.skip, "--skip");
  const { dirs, skipped } = discoverSkillFolders(paths);
  const progress = await createProgress({ machineOutputOnStdout: !!flags.json });
  try {
    // Loaded here: `submit --server` uploads and needs neither the store nor the pipeline.
    const [{ withStore }, { runSubmissions }] = await Promise.all([import("../workflow/session.js"), import("../workflow/submit.js")]);
    await withStore({ db: flags.db }, async (store) => {
      const run = await runSubmissions(store, dirs, { source: "submit", policyPath: flags.policy, skip, onProgress: progress.onProgress, developmentKey: true, skipped });
      progress.stop();
      if (flags.json) {
        process.stdout.write(renderJsonWith(run.report, { submissions: submissionsJson(run.processed) }));
      } else {
        process.stdout.write(renderReport(run.report, "human", { color: shouldColor(process.stdout) }));
        const notices = run.processed.flatMap((p) => (p.submission.creatorNotice ? [`\n${p.submission.creatorNotice}\n`] : []));
        process.stdout.write(`${notices.join("")}\n${[...submissionLines(run.processed, run.signing), ...developmentKeyLines(run)].join("\n")}\n`);
        const first = run.processed[0]?.submission.id;
        if (first !== undefined) process.stdout.write(`Run \`skillsign status ${first}\` to see a submission again.\n`);
      }
      process.exitCode = exitCodeForReport(run.report);
    });
  } finally {
    progress.stop();
  }
}
