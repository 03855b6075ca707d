import type { Command } from "commander";
import { UsageError } from "../errors.js";
import type { Policy } from "../verdict/policy.js";

export interface BaselineFlags {
  baseline?: string;
  requireSignedBaseline?: boolean;
  trust?: string;
}

/** `--baseline FILE` for scan and ci; ci also takes `--require-signed-baseline --trust FILE`. */
export function addBaselineOptions(c: Command, signed: boolean): Command {
  c.option("--baseline <file>", "accepted findings (skillsign baseline create): only findings not in it count");
  if (signed) {
    c.option("--require-signed-baseline", "refuse a baseline that is not signed by a reviewer key of --trust (exit 2)");
    c.option("--trust <file>", "trust.json whose signing keys may sign the baseline");
  }
  return c;
}

/** The fingerprints the verdict accepts, after the signature check when one is required. */
export async function baselineFromFlags(f: BaselineFlags, policy: Policy): Promise<ReadonlyMap<string, string> | undefined> {
  if (!f.baseline) {
    if (f.requireSignedBaseline) throw new UsageError("USAGE_ERROR", "--require-signed-baseline needs --baseline FILE");
    return undefined;
  }
  // Loaded here, not at the top: `ci --help` declares the options without the signing code.
  const { baselineMap, readBaseline, verifyBaselineWith } = await import("../baseline/index.js");
  const file = readBaseline(f.baseline);
  if (f.requireSignedBaseline) {
    if (!f.trust) throw new UsageError("USAGE_ERROR", "--require-signed-baseline needs --trust FILE (the reviewer keys)");
    await verifyBaselineWith(file, f.trust);
  }
  return baselineMap(file, policy, f.baseline);
}
