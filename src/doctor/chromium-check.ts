import { execa } from "execa";
import type { ComponentCheck } from "./doctor.types.js";
import type { CheckEnv } from "./checks.js";

/** Debian's chromium, which the reviewer page's Playwright test drives (Playwright's own browser downloads are unreachable). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Optional: no stage and no command needs it; the service's browser test does. */
export async function chromiumCheck(_c: CheckEnv): Promise<ComponentCheck> {
  const base = { id: "chromium" as const, name: "Chromium (web page tests)" };
  const r = await execa(CHROMIUM_PATH, ["--version"], { reject: false, timeout: 15_000, stdin: "ignore" }).catch(() => undefined);
  const version = /Chromium ([\d.]+)/.exec(r?.stdout ?? "")?.[1];
  if (!r || r.exitCode !== 0 || !version) {
    return { ...base, status: "not-configured", detail: `optional, ${CHROMIUM_PATH} not found (the reviewer page's Playwright test needs it)`, fix: "sudo skillsign setup --only apt" };
  }
  return { ...base, status: "found", version, detail: CHROMIUM_PATH };
}
