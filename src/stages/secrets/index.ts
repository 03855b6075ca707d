import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding, StageOutcome } from "../../findings.types.js";
import { readSnapshotText } from "../../snapshot/read.js";
import { secretsInfo } from "./info.js";
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
  ...secretsInfo,
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
      if (!text.ok && text.reason === "binary") {
        skipped++;
        continue;
      }
      // One bad byte must not hide a key: invalid UTF-8 is read lossily (credentials are ASCII).
      scanned++;
      findings.push(...scanText(file.path, text.ok ? text.text : lossy(ctx, file.path)));
    }
    return {
      status: findings.length > 0 ? "findings" : "passed",
      findings,
      checks: { files: `ran: ${scanned} text files scanned, ${skipped} binary (NUL bytes) or over 2 MiB skipped` },
    };
  },
};

function lossy(ctx: StageContext, path: string): string {
  return (ctx.snapshot.contents?.get(path) ?? readFileSync(join(ctx.snapshot.root, path))).toString("utf8");
}

export { scanText } from "./scan.js";
export { TOKEN_RULES } from "./rules.js";
export { STAGE_ID };
