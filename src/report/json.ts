import type { ReportModel, Writer } from "./report.types.js";

/** JSON report (schemaVersion 1): the report model as is, minus machine-local absolute paths. */
export const jsonWriter: Writer = {
  render(report: ReportModel): string {
    const skills = report.skills.map(({ absolutePath: _absolute, skillMdPath: _md, ...rest }) => rest);
    return `${JSON.stringify({ ...report, skills }, null, 2)}\n`;
  },
};
