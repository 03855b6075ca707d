import type { ReportInput, ReportModel, Writer } from "./report.types.js";
import { buildReportModel } from "./model.js";

/** The JSON report's object (schemaVersion 1): the report model as is, minus machine-local absolute paths. */
export function jsonReport(report: ReportModel): Record<string, unknown> {
  const skills = report.skills.map(({ absolutePath: _absolute, skillMdPath: _md, ...rest }) => rest);
  return { ...report, skills };
}

/** The JSON report with fields a command adds (submit's submission ids), serialised once. */
export function renderJsonWith(input: ReportInput, extra: Record<string, unknown>): string {
  return `${JSON.stringify({ ...jsonReport(buildReportModel(input)), ...extra }, null, 2)}\n`;
}

export const jsonWriter: Writer = {
  render(report: ReportModel): string {
    return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
  },
};
