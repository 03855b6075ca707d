import type { SubmissionStatus } from "../queue-port.js";
import { ApiClient } from "./http.js";
import { packSkill } from "./pack.js";

export type RemoteStatus = Pick<SubmissionStatus, "id" | "state" | "verdict"> & { skill?: string; failureReason?: string | null; signed?: boolean };

export interface RemoteSubmitOptions {
  /** Poll until each submission is done or failed (default), or return right after the upload. */
  wait: boolean;
  timeoutMs?: number;
  pollMs?: number;
  onUploaded?: (dir: string, id: number) => void;
}

/** `skillsign submit --server URL`: pack each skill folder, upload it, and (by default) wait for its verdict. */
export async function submitRemote(client: ApiClient, dirs: readonly string[], o: RemoteSubmitOptions): Promise<{ dir: string; status: RemoteStatus }[]> {
  const uploaded: { dir: string; id: number }[] = [];
  for (const dir of dirs) {
    const { id } = await client.request<{ id: number }>("POST", "/v1/submissions", { gzip: await packSkill(dir) });
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
  return out;
}

/** Exit codes as local submit: 0 approved, 10 review, 20 rejected, 3 failed or still pending; the worst wins. */
export function remoteExitCode(statuses: readonly RemoteStatus[]): number {
  const code = (s: RemoteStatus) => (s.state !== "done" ? 3 : s.verdict === "approved" ? 0 : s.verdict === "review" ? 10 : 20);
  return statuses.reduce((worst, s) => (rank(code(s)) > rank(worst) ? code(s) : worst), 0);
}

function rank(code: number): number {
  return [0, 10, 20, 3].indexOf(code);
}

export function statusLine(dir: string, s: RemoteStatus): string {
  const what = s.state === "done" ? `${s.verdict}${s.signed ? " (signed)" : ""}` : s.state === "failed" ? `failed: ${s.failureReason ?? "unknown reason"}` : `${s.state} (not finished; poll with skillsign status)`;
  return `submission ${s.id}: ${s.skill ?? dir}: ${what}`;
}
