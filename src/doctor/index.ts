export { runDoctor, NEEDED_BY } from "./run.js";
export { renderDoctor } from "./render.js";
export type { CheckEnv } from "./checks.js";
export type { ComponentId, ComponentReport, ComponentStatus, DoctorReport } from "./doctor.types.js";
