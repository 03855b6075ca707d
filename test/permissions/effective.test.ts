import { describe, expect, it } from "vitest";
import type { StageResult } from "../../src/findings.types.js";
import { effectivePermissions } from "../../src/permissions/effective.js";
import { permissionsHash } from "../../src/signing/permissions-hash.js";
import { emptyPermissions } from "../../src/skill/permissions.js";

const stage = (stageId: string, data: Record<string, unknown>): StageResult =>
  ({ stageId, stageVersion: "1", status: "passed", findings: [], durationMs: 0, data }) as StageResult;

const manifest = stage("manifest", { inferred: { network: ["*", "api.weather.invalid"], env: ["WEATHER_KEY"], bins: ["*"], paths: [], sources: { static: true, observed: false } } });
const behavior = stage("behavior", {
  guestHome: "/home/dev",
  guestWork: "/home/dev/projects/weather",
  observed: { hosts: ["API.Weather.invalid."], bins: ["python3", "sh"], writePaths: ["/home/dev/projects/weather/out.txt", "/home/dev/.cache/weather/x", "/tmp/a"], envRead: [] },
});

describe("effective permissions", () => {
  it("signs what static analysis and the run inferred when the skill declares none (inferred: true)", () => {
    const declared = { ...emptyPermissions(), allowedTools: ["Read"] };
    const e = effectivePermissions(declared, [manifest, behavior]);
    expect(e.declaredNone).toBe(true);
    // The run named the host and the program, so the static wildcards go.
    expect(e.signed).toEqual({ ...declared, network: ["api.weather.invalid"], env: ["WEATHER_KEY"], bins: ["python3"], paths: ["~/.cache/weather/x"], inferred: true });
    expect(e.inferred.sources).toEqual({ static: true, observed: true });
    expect(permissionsHash(e.signed)).not.toBe(permissionsHash(declared));
  });

  it("keeps the static wildcard when nothing ran to name the host", () => {
    const e = effectivePermissions(emptyPermissions(), [manifest]);
    expect(e.signed.network).toEqual(["*", "api.weather.invalid"]);
    expect(e.signed.bins).toEqual(["*"]);
  });

  it("signs the declared permissions unchanged when the skill declares any", () => {
    const declared = { ...emptyPermissions(), env: ["WEATHER_KEY"] };
    const e = effectivePermissions(declared, [manifest, behavior]);
    expect(e.declaredNone).toBe(false);
    expect(e.signed).toBe(declared);
    expect(e.inferred.network).toEqual(["api.weather.invalid"]);
  });

  it("signs the declared object when nothing was inferred", () => {
    const declared = emptyPermissions();
    expect(effectivePermissions(declared, []).signed).toBe(declared);
  });
});
