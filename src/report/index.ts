import { humanWriter } from "./human.js";
import { jsonWriter } from "./json.js";
import { buildReportModel } from "./model.js";
import type { Format, RenderOptions, ReportInput, Writer } from "./report.types.js";
import { sarifWriter } from "./sarif.js";

/** The one switch on Format (after trivy's pkg/report/writer.go). */
export function writerFor(format: Format): Writer {
  switch (format) {
    case "human":
      return humanWriter;
    case "json":
      return jsonWriter;
    case "sarif":
      return sarifWriter;
  }
}

/** Builds the redacted model once and renders it in the requested format. */
export function renderReport(input: ReportInput, format: Format, options: RenderOptions = {}): string {
  return writerFor(format).render(buildReportModel(input, options), options);
}

export { buildReportModel, displayPath } from "./model.js";
export { renderJsonWith } from "./json.js";
export { shouldColor } from "./colour.js";
export { redactText, redactValue, REDACTED } from "../redact.js";
export { FORMATS } from "./report.types.js";
export type { Format, RenderOptions, ReportInput, ReportModel, SkillReport, StageSummary, Writer } from "./report.types.js";
