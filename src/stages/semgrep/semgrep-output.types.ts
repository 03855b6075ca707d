/** The parts of `semgrep scan --json` output (v1.x) the stage reads. */
export interface SemgrepPosition {
  line: number;
  col: number;
}

export interface SemgrepResult {
  check_id: string;
  path: string;
  start: SemgrepPosition;
  end: SemgrepPosition;
  extra: {
    message?: string;
    severity?: string;
    /** "requires login" when not logged in to Semgrep: the stage then reads the lines itself. */
    lines?: string;
    metadata?: Record<string, unknown>;
  };
}

export interface SemgrepError {
  code?: number;
  level?: string;
  type?: string | unknown[];
  message?: string;
  path?: string;
}

export interface SemgrepOutput {
  version?: string;
  results: SemgrepResult[];
  errors: SemgrepError[];
  paths?: { scanned?: string[] };
}
