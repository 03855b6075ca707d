import type { StageId } from "../stage-ids.js";
import type { Policy } from "../verdict/policy.js";
import {
  baseImageCheck,
  behaviorSandboxCheck,
  dockerCheck,
  probeDocker,
  runscCheck,
  semgrepCheck,
  snykCheck,
  trivyCheck,
  type CheckEnv,
} from "./checks.js";
import type { ComponentCheck, ComponentId, DoctorReport } from "./doctor.types.js";
import { chromiumCheck } from "./chromium-check.js";
import { postgresCheck } from "./postgres-check.js";
import { registriesCheck } from "./registries-check.js";

/** Which stages need which component to run at all (snyk is never required). */
export const NEEDED_BY: Record<ComponentId, StageId[]> = {
  docker: ["build", "image-scan", "behavior"],
  runsc: ["behavior"],
  "behavior-sandbox": ["behavior"],
  "base-image": ["build", "behavior"],
  semgrep: ["semgrep"],
  trivy: ["image-scan"],
  snyk: [],
  postgres: [],
  // Optional: without them the build cannot prefetch declared dependencies (build.requires-network).
  registries: [],
  chromium: [],
};

/** Checks every component once and says whether the policy's required stages can all run. */
export async function runDoctor(c: CheckEnv, policy: Pick<Policy, "required">): Promise<DoctorReport> {
  const engine = await probeDocker(c);
  const checks: ComponentCheck[] = [
    dockerCheck(engine, c.env),
    ...(await Promise.all([
      runscCheck(engine, c),
      behaviorSandboxCheck(engine, c),
      baseImageCheck(engine, c),
      semgrepCheck(c),
      trivyCheck(c),
      snykCheck(c),
      postgresCheck(c),
      registriesCheck(c),
      chromiumCheck(c),
    ])),
  ];
  const required = [...policy.required] as StageId[];
  const components = checks.map((check) => {
    const requiredBy = NEEDED_BY[check.id].filter((s) => required.includes(s));
    return { ...check, requiredBy, required: requiredBy.length > 0 };
  });
  const ok = components.every((comp) => !comp.required || comp.status === "found");
  return { ok, policyRequired: required, components };
}
