import { spawnSync } from "node:child_process";

/**
 * Sandbox suites run against the real engine. They skip only when `docker info` fails AND
 * SKILLSIGN_REQUIRE_SANDBOX is unset; CI sets it so a missing engine fails the suite there.
 */
export const ENGINE_UP = spawnSync("docker", ["info"], { stdio: "ignore", timeout: 20_000 }).status === 0;
export const SANDBOX_REQUIRED = Boolean(process.env.SKILLSIGN_REQUIRE_SANDBOX);
export const SKIP_SANDBOX = !ENGINE_UP && !SANDBOX_REQUIRED;

export const BASE_IMAGE = process.env.SKILLSIGN_BEHAVIOR_IMAGE || "skillsign/base:latest";

/** Container ids carrying a label (running or not). */
export function containersWithLabel(label: string): string[] {
  const out = spawnSync("docker", ["ps", "-aq", "--filter", `label=${label}`], { encoding: "utf8" });
  return out.stdout.split("\n").filter(Boolean);
}

/** Named network namespaces on the host (`ip netns`); a sandbox run must not leave any behind. */
export function netnsList(): string {
  return spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout ?? "";
}
