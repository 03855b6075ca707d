import type { Finding } from "../../findings.types.js";
import { redactText } from "../../redact.js";
import { STEP_TIMEOUT_EXIT } from "./dockerfile.js";

const NET_MARK = "skillsign-network-needed:";
/** Messages tools print when there is no network (resolver, sockets, curl, pip, npm, go). */
const NETWORK_ERROR =
  /Temporary failure in name resolution|Name or service not known|Network is unreachable|Could not resolve host|getaddrinfo|EAI_AGAIN|ENOTFOUND|ENETUNREACH|No route to host|Failed to establish a new connection|dial tcp|network is unreachable/i;
const TAIL_LINES = 20;

/** The builder's "Step N/M : ..." line of the step that was running when the build stopped. */
export function lastStep(log: string): number | undefined {
  let n: number | undefined;
  for (const m of log.matchAll(/^Step (\d+)\/\d+ : /gm)) n = Number(m[1]);
  return n;
}

export function logTail(log: string, lines = TAIL_LINES): string {
  return redactText(log.trimEnd().split("\n").slice(-lines).join("\n"));
}

/**
 * Turns a failed build into one finding: `build.requires-network` when the failing step tried
 * to reach the network (our installer's marker, or a resolver/socket error in the log),
 * otherwise `build.failed` with the redacted log tail.
 */
export function classifyFailure(log: string, error: string, stepAt: ReadonlyMap<number, string>, stepTimeoutMs: number): Finding {
  const n = lastStep(log);
  const step = n !== undefined ? stepAt.get(n) : undefined;
  const tail = logTail(log);
  if (step && new RegExp(`returned a non-zero code: ${STEP_TIMEOUT_EXIT}\\b`).test(error)) {
    return {
      ruleId: "build.step-timeout",
      stage: "build",
      severity: "medium",
      category: "build",
      confidence: "high",
      message: redactText(`install step did not finish within ${stepTimeoutMs} ms and was stopped: ${step}`),
      evidence: tail,
      fix: "Install steps must finish on their own: do not start servers or wait for input in an install step",
    };
  }
  const marker = log.split("\n").find((l) => l.includes(NET_MARK));
  if (marker || NETWORK_ERROR.test(tail)) {
    const what = step ?? "a build step";
    return {
      ruleId: "build.requires-network",
      stage: "build",
      severity: "high",
      category: "build",
      confidence: "high",
      message: redactText(`build requires network access: ${what}`),
      evidence: redactText((marker ?? tail).trim()).slice(0, 2000),
      fix: "Vendor what the install step downloads (wheels in vendor/, npm tarballs + package-lock.json) so it installs offline",
    };
  }
  return {
    ruleId: "build.failed",
    stage: "build",
    severity: "medium",
    category: "build",
    confidence: "high",
    message: redactText(`build failed${step ? ` at install step "${step}"` : ""}: ${error.trim().split("\n")[0] ?? ""}`).slice(0, 500),
    evidence: tail,
    fix: "Make the declared install steps work offline on the platform base image (see docs/build.md)",
  };
}
