export { route, actionFor } from "./route.js";
export { loadPolicy, parsePolicy, policyDigest, defaultPolicyPath, PolicySchema, type Policy } from "./policy.js";
export { requiredStages, incompleteStages, type IncompleteStage } from "./completeness.js";
export { activeWaivers, waiverFor } from "./waivers.js";
export type { Decision, FindingAction, RoutableAnalysis, RouteOptions, Verdict, VerdictReason, Waiver } from "./verdict.types.js";
