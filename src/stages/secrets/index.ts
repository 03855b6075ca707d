import type { Finding, StageOutcome } from "../../findings.types.js";
import { readSnapshotText } from "../../snapshot/read.js";
import type { Stage, StageContext } from "../stage.types.js";
import { scanText, STAGE_ID } from "./scan.js";

/** Larger files are data or bundles; reading them whole would be slow and finds keys no sooner. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Static secret check: private keys, cloud credentials, service tokens, .env and credential-store
 * files in every text file of the snapshot. Placeholders (`sk-...`, `YOUR_API_KEY`, `xxxx`) never
 * count. Evidence carries ******** instead of the value (docs/secrets.md).
 */
export const secretsStage: Stage = {
  id: "secrets",
  version: "1",
  appliesTo: () => ({ applies: true }),
  run: async (ctx: StageContext): Promise<StageOutcome> => {
    const findings: Finding[] = [];
    let scanned = 0;
    let skipped = 0;
    for (const file of ctx.snapshot.files) {
      if (ctx.env.signal.aborted) return { status: "error", reason: "cancelled", findings };
      if (file.size > MAX_FILE_BYTES) {
        skipped++;
        continue;
      }
      const text = readSnapshotText(ctx.snapshot, file.path);
      if (!text.ok) {
        skipped++;
        continue;
      }
      scanned++;
      findings.push(...scanText(file.path, text.text));
    }
    return {
      status: findings.length > 0 ? "findings" : "passed",
      findings,
      checks: { files: `ran: ${scanned} text files scanned, ${skipped} binary or over 2 MiB skipped` },
    };
  },
};

export { scanText } from "./scan.js";
export { TOKEN_RULES } from "./rules.js";
export { STAGE_ID };
