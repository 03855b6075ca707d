import type { Finding } from "../../findings.types.js";
import { ApiClient } from "./http.js";

interface QueueItem {
  id: number;
  skill: string;
  version: string;
  createdAt: string;
  submittedBy: string;
}

/** GET /v1/review/queue. */
export interface RemoteQueue {
  review: (QueueItem & { decidingFindings: Finding[] })[];
  deadLetter: (QueueItem & { failureReason: string | null; deadLetter: boolean })[];
}

/** `skillsign review … --server URL`: the same decisions, made through the service (audit-logged under the token's name). */
export const remoteReview = {
  list: (c: ApiClient) => c.request<RemoteQueue>("GET", "/v1/review/queue"),
  show: (c: ApiClient, id: number) => c.request<unknown>("GET", `/v1/review/submissions/${id}`),
  approve: (c: ApiClient, id: number, note: string) => c.request<{ id: number; state: string; signature: { sequence: number } | null }>("POST", `/v1/review/submissions/${id}/approve`, { json: { note } }),
  reject: (c: ApiClient, id: number, reason: string) => c.request<{ id: number; state: string }>("POST", `/v1/review/submissions/${id}/reject`, { json: { reason } }),
  waive: (c: ApiClient, id: number, ruleId: string, reason: string, expires: string) =>
    c.request<{ waiver: { ruleId: string; skill: string; expires: string } }>("POST", `/v1/review/submissions/${id}/waive`, { json: { ruleId, reason, expires } }),
};
