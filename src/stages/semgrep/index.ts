import type { Stage } from "../stage.types.js";

// Placeholder until the stage is built: reports an error so the verdict fails closed.
export const semgrepStage: Stage = {
  id: "semgrep",
  version: "0",
  appliesTo: () => ({ applies: true }),
  run: async () => ({ status: "error", reason: "stage not implemented yet", findings: [] }),
};
