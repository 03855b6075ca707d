import type { SubmissionStatus } from "../queue-port.js";
import { ApiClient } from "./http.js";
import { packSkill } from "./pack.js";
import { SnapshotError } from "../../snapshot/error.js";

export type RemoteStatus = Pick<SubmissionStatus, "id" | "state" | "verdict"> & { skill?: string; failureReason?: string | null; signed?: boolean };

export interface RemoteSubmitOptions {
  /** Poll until each submission is done or failed (default), or return right after the upload. */
  wait: boolean;
  timeoutMs?: number;
  pollMs?: number;
  onUploaded?: (dir: string, id: number) => void;
}

/** A folder the local snapshot refused before upload (the server would refuse it the same way). */
export interface RemoteInputError {
  path: string;
  code: string;
  message: string;
}

/**
 * `skillsign submit --server URL`: pack each skill folder, upload it, and (by default) wait for its
 * verdict. A folder the snapshot refuses is an input error and the others still go (as local submit).
 */
export async function submitRemote(client: ApiClient, dirs: readonly string[], o: RemoteSubmitOptions): Promise<{ results: { dir: string; status: RemoteStatus }[]; inputErrors: RemoteInputError[] }> {
  const uploaded: { dir: string; id: number }[] = [];
  const inputErrors: RemoteInputError[] = [];
  for (const dir of dirs) {
    let gzip: Buffer;
    try {
      gzip = await packSkill(dir);
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      inputErrors.push({ path: dir, code: err.code, message: err.message });
      continue;
    }
    const { id } = await client.request<{ id: number }>("POST", "/v1/submissions", { gzip });
    o.onUploaded?.(dir, id);
    uploaded.push({ dir, id });
  }
  const until = Date.now() + (o.timeoutMs ?? 30 * 60_000);
  const out: { dir: string; status: RemoteStatus }[] = [];
  for (const { dir, id } of uploaded) {
    for (;;) {
      const status = await client.request<RemoteStatus>("GET", `/v1/submissions/${id}`);
      if (!o.wait || status.state === "done" || status.state === "failed" || Date.now() > until) {
        out.push({ dir, status });
        break;
      }
      await new Promise((r) => setTimeout(r, o.pollMs ?? 1000));
    }
  }
  return { results: out, inputErrors };
}

/**
 * Exit codes as local submit: 0 approved, 10 review, 20 rejected, 3 failed or still pending; the
 * worst wins; an input error keeps the run at 2 or more (docs/exit-codes.md).
 */
export function remoteExitCode(statuses: readonly RemoteStatus[], inputErrors = 0): number {
  const code = (s: RemoteStatus) => (s.state !== "done" ? 3 : s.verdict === "approved" ? 0 : s.verdict === "review" ? 10 : 20);
  return statuses.reduce((worst, s) => (rank(code(s)) > rank(worst) ? code(s) : worst), inputErrors > 0 ? 2 : 0);
}

function rank(code: number): number {
  return [0, 2, 10, 20, 3].indexOf(code);
}

export function statusLine(dir: string, s: RemoteStatus): string {
  const what = s.state === "done" ? `${s.verdict}${s.signed ? " (signed)" : ""}` : s.state === "failed" ? `failed: ${s.failureReason ?? "unknown reason"}` : `${s.state} (not finished; poll with skillsign status)`;
  return `submission ${s.id}: ${s.skill ?? dir}: ${what}`;
}
