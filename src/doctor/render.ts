import type { ComponentReport, DoctorReport } from "./doctor.types.js";

const MARK: Record<ComponentReport["status"], string> = { found: "ok", missing: "MISSING", "not-configured": "optional" };

/** One row per component, then what to run for each thing that is missing. */
export function renderDoctor(report: DoctorReport): string {
  const rows = report.components.map((c) => [
    c.name,
    MARK[c.status],
    c.version ?? "-",
    c.required ? `required by ${c.requiredBy.join(", ")}` : c.id === "snyk" ? "optional" : "not required by policy",
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r, i) => {
    const c = report.components[i]!;
    const head = r.slice(0, 3).map((cell, j) => cell.padEnd(widths[j]!)).join("  ");
    return `${head}  ${r[3]}\n    ${c.detail}${c.fix && c.status !== "found" ? `\n    fix: ${c.fix}` : ""}`;
  });
  const missing = report.components.filter((c) => c.required && c.status !== "found");
  const summary = report.ok
    ? "doctor: everything the policy requires is present"
    : `doctor: missing what the policy requires: ${missing.map((c) => c.name).join(", ")}`;
  return `${lines.join("\n")}\n\n${summary}\n`;
}
