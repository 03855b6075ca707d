import { ApiClient } from "./http.js";

/** `skillsign review … --server URL`: the same decisions, made through the service (audit-logged under the token's name). */
export const remoteReview = {
  list: (c: ApiClient) => c.request<unknown>("GET", "/v1/review/queue"),
  show: (c: ApiClient, id: number) => c.request<unknown>("GET", `/v1/review/submissions/${id}`),
  approve: (c: ApiClient, id: number, note: string) => c.request<{ id: number; state: string; signature: { sequence: number } | null }>("POST", `/v1/review/submissions/${id}/approve`, { json: { note } }),
  reject: (c: ApiClient, id: number, reason: string) => c.request<{ id: number; state: string }>("POST", `/v1/review/submissions/${id}/reject`, { json: { reason } }),
  waive: (c: ApiClient, id: number, ruleId: string, reason: string, expires: string) =>
    c.request<{ waiver: { ruleId: string; skill: string; expires: string } }>("POST", `/v1/review/submissions/${id}/waive`, { json: { ruleId, reason, expires } }),
};
