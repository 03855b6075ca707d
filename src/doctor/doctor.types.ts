import type { StageId } from "../stage-ids.js";

export type ComponentId = "docker" | "runsc" | "behavior-sandbox" | "base-image" | "semgrep" | "trivy" | "snyk" | "postgres" | "registries" | "chromium";

/** found: present and working; missing: absent or broken; not-configured: optional and not set up. */
export type ComponentStatus = "found" | "missing" | "not-configured";

export interface ComponentReport {
  id: ComponentId;
  name: string;
  status: ComponentStatus;
  version?: string;
  /** One line: what was found, or why it is missing. Never contains a secret. */
  detail: string;
  /** The exact command that installs or fixes it (absent when nothing needs doing). */
  fix?: string;
  /** Stages of the policy's required list that need this component. */
  requiredBy: StageId[];
  required: boolean;
}

export interface DoctorReport {
  /** True when every component the policy requires is found. */
  ok: boolean;
  policyRequired: StageId[];
  components: ComponentReport[];
}

/** A check before the policy is applied: requiredBy and required are filled in by runDoctor. */
export type ComponentCheck = Omit<ComponentReport, "requiredBy" | "required">;
