import { type Command, Option } from "commander";
import { ApiClient, TOKEN_ENV } from "../service/client/http.js";
import { remoteReview, type RemoteQueue } from "../service/client/review.js";
import { redactText } from "../redact.js";
import type { ReviewDetail } from "../workflow/review.js";

export interface RemoteFlags {
  server?: string;
  token?: string;
  json?: boolean;
}

/** `--server URL` and `--token TOKEN` (else $SKILLSIGN_TOKEN): the command talks to `skillsign serve` instead of a local store. */
export function serverOptions(c: Command): Command {
  return c
    .addOption(new Option("--server <url>", "use a skillsign service (skillsign serve) instead of the local store"))
    .addOption(new Option("--token <token>", `API token for --server (default: $${TOKEN_ENV}); prefer the variable: arguments show in process lists`));
}

/** `submit --server`: upload each folder, wait for the verdicts (unless --no-wait), exit like local submit. */
export async function submitViaServer(paths: string[], f: RemoteFlags & { wait?: boolean }): Promise<void> {
  const client = ApiClient.fromFlags(f.server!, f.token);
  // The uploader (tar, snapshot walker) loads only for a remote submit, not for `--help`.
  const [{ discoverSkillFolders }, { remoteExitCode, statusLine, submitRemote }] = await Promise.all([import("../pipeline/discover.js"), import("../service/client/submit.js")]);
  const { dirs, skipped } = discoverSkillFolders(paths);
  const { results, inputErrors } = await submitRemote(client, dirs, {
    wait: f.wait !== false,
    onUploaded: (dir, id) => process.stderr.write(`skillsign: ${dir} uploaded as submission ${id}\n`),
  });
  // Refused folders and skipped subfolders are listed as local submit lists them.
  if (f.json) process.stdout.write(`${JSON.stringify({ submissions: results.map((r) => ({ path: r.dir, ...r.status })), inputErrors, skipped }, null, 2)}\n`);
  else {
    const refused = inputErrors.map((e) => `INPUT ERROR  ${e.path}\n  [${e.code}] ${e.message}`);
    const left = skipped.map((k) => `skipped  ${k.path}  (${k.reason})`);
    process.stdout.write(`${redactText([...results.map((r) => statusLine(r.dir, r.status)), ...refused, ...left].join("\n"))}\n`);
  }
  process.exitCode = remoteExitCode(f.wait === false ? [] : results.map((r) => r.status), inputErrors.length);
}

/** `review list|show|approve|reject|waive --server`: the reviewer's decision is logged under the token's name. */
export async function reviewViaServer(f: RemoteFlags, action: "list" | "show" | "approve" | "reject" | "waive", id?: number, args: string[] = []): Promise<void> {
  const c = ApiClient.fromFlags(f.server!, f.token);
  switch (action) {
    case "list": {
      const q = await remoteReview.list(c);
      return f.json ? print(q) : void process.stdout.write(queueText(q));
    }
    case "show": {
      const d = await remoteReview.show(c, id!);
      // The service sends the same detail the local command renders (minus the owning process).
      const { renderDetail } = await import("./views.js"); // views reach the workflow and store types' code: loaded only here
      return f.json ? print(d) : void process.stdout.write(renderDetail(d as unknown as ReviewDetail));
    }
    case "approve": {
      const r = await remoteReview.approve(c, id!, args[0]!);
      process.stdout.write(`submission ${r.id} approved; signed (sequence ${r.signature?.sequence})\n`);
      return;
    }
    case "reject":
      process.stdout.write(`submission ${(await remoteReview.reject(c, id!, args[0]!)).id} rejected\n`);
      return;
    case "waive": {
      const w = (await remoteReview.waive(c, id!, args[0]!, args[1]!, args[2]!)).waiver;
      process.stdout.write(`waived ${w.ruleId} for skill ${w.skill} until ${w.expires}; applies to later submissions\n`);
    }
  }
}

function queueText(q: RemoteQueue): string {
  const out = [q.review.length ? `${q.review.length} submission(s) waiting for review, oldest first:` : "The review queue is empty."];
  for (const s of q.review) out.push(`#${s.id}  ${s.skill} ${s.version}  submitted ${s.createdAt} by ${s.submittedBy}`, ...s.decidingFindings.map((f) => `    ${f.severity} ${f.ruleId}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ""}` : ""}`));
  if (q.deadLetter.length) out.push("", "Failed (dead letter):", ...q.deadLetter.map((s) => `#${s.id}  ${s.skill}  ${s.failureReason ?? ""}`));
  return `${redactText(out.join("\n"))}\n`;
}

function print(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}
