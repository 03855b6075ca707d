import { execa } from "../../../tools/lazy-execa.js";
import { errorMessage } from "../../../errors.js";
import type { Finding, ToolInfo } from "../../../findings.types.js";
import { redactText } from "../../../redact.js";
import { findTool } from "../../../tools/find-tool.js";
import { mapSnykOutput } from "./map.js";

export type SnykRun =
  | { kind: "skipped"; check: string }
  | { kind: "results"; check: string; tool: ToolInfo; findings: Finding[] }
  | { kind: "error"; check: string; reason: string; tool?: ToolInfo };

const MAX_SNYK_MS = 5 * 60_000;

/**
 * Runs `snyk test --json --all-projects` in the snapshot when SNYK_TOKEN is set.
 * Snyk's exit codes: 0 no vulnerabilities, 1 vulnerabilities found, 2 failure,
 * 3 no supported project. Only the token, PATH and HOME are passed to it.
 */
export async function runSnyk(cwd: string, processEnv: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<SnykRun> {
  const token = processEnv.SNYK_TOKEN;
  if (!token) return { kind: "skipped", check: "skipped: SNYK_TOKEN not set" };
  const located = await findTool("snyk", { env: processEnv }).catch(() => undefined);
  if (!located) {
    const reason = "SNYK_TOKEN is set but the snyk CLI was not found in $SKILLSIGN_TOOLS/bin or PATH (npm package `snyk`)";
    return { kind: "error", check: "error: snyk CLI not found", reason };
  }
  const tool = { name: "snyk", version: located.version };
  const env: NodeJS.ProcessEnv = { SNYK_TOKEN: token, SNYK_DISABLE_ANALYTICS: "1", PATH: processEnv.PATH ?? "/usr/bin:/bin" };
  if (processEnv.HOME) env.HOME = processEnv.HOME;
  try {
    const r = await execa(located.path, ["test", "--json", "--all-projects"], {
      cwd, env, extendEnv: false, reject: false, stdin: "ignore", timeout: Math.min(timeoutMs, MAX_SNYK_MS), cancelSignal: signal,
    });
    if (r.timedOut) return { kind: "error", check: "error: timed out", reason: "snyk test timed out", tool };
    if (r.exitCode === 3) return { kind: "skipped", check: "skipped: no project type snyk supports" };
    const json = parseJson(r.stdout);
    if ((r.exitCode === 0 || r.exitCode === 1) && json !== undefined) {
      const mapped = mapSnykOutput(json);
      if (mapped.kind === "results") {
        return { kind: "results", check: `ran: ${mapped.vulnerabilities} vulnerabilities in ${mapped.projects} project(s)`, tool, findings: mapped.findings };
      }
      return { kind: "error", check: "error: unreadable output", reason: `snyk test: ${mapped.message}`, tool };
    }
    const mapped = json === undefined ? undefined : mapSnykOutput(json);
    const detail = mapped?.kind === "error" ? mapped.message : redactText(lastLine(r.stderr) || lastLine(r.stdout) || "no output");
    return { kind: "error", check: `error: exit ${r.exitCode ?? r.signal}`, reason: `snyk test failed (exit ${r.exitCode ?? r.signal}): ${detail}`, tool };
  } catch (err) {
    return { kind: "error", check: "error: could not run", reason: `snyk test could not run: ${redactText(errorMessage(err))}`, tool };
  }
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function lastLine(s: string): string {
  return s.trim().split("\n").pop()?.slice(0, 300) ?? "";
}
