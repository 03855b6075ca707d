/**
 * The argv forms a runtime's boot check uses, read without loading commander (~15 ms of the
 * light entry's cold start, issue 11): `verify [DIR] [options]`, `verify --all DIR [options]`,
 * `install DIR --into DIR [options]`. Anything else — --help, an unknown or repeated option, a
 * value that looks like an option, a missing required argument — returns undefined and the
 * caller hands argv to commander, so help and usage errors stay commander's.
 */
export interface LightArgs {
  command: "verify" | "install";
  dir?: string;
  flags: Record<string, string | true>;
}

const VALUE_OPTIONS: Record<LightArgs["command"], readonly string[]> = {
  verify: ["all", "name", "trust", "signature", "state"],
  install: ["into", "name", "trust", "signature", "state"],
};
const BOOLEAN_OPTIONS = ["json"];

export function parseLightArgs(args: readonly string[]): LightArgs | undefined {
  const command = args[0];
  if (command !== "verify" && command !== "install") return undefined;
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") return undefined;
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (Object.hasOwn(flags, name)) return undefined;
    if (BOOLEAN_OPTIONS.includes(name) && eq < 0) {
      flags[name] = true;
    } else if (VALUE_OPTIONS[command].includes(name)) {
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value === "" || value.startsWith("-")) return undefined;
      flags[name] = value;
    } else {
      return undefined;
    }
  }
  if (positional.length > 1) return undefined;
  if (command === "install" && (positional.length !== 1 || flags.into === undefined)) return undefined;
  return { command, dir: positional[0], flags };
}
