import type { Stage } from "../stage.types.js";

// Placeholder until the stage is built: reports an error so the verdict fails closed.
export const dependenciesStage: Stage = {
  id: "dependencies",
  version: "0",
  appliesTo: () => ({ applies: true }),
  run: async () => ({ status: "error", reason: "stage not implemented yet", findings: [] }),
};
