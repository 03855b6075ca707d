import { join, resolve } from "node:path";
import { skillsignHome } from "../config/home.js";
import { loadRevocations, type RevocationList } from "./revocation.js";
import { parseTrust, readTrustJson, type LoadedTrust, type TrustFile } from "./trust.js";
import { defaultStatePath, loadTrustState, saveTrustState, type TrustState } from "./trust-state.js";

/** Everything verification needs from the trust source, loaded once (verify --all reuses it). */
export interface TrustContext {
  loaded: LoadedTrust;
  revocations?: RevocationList;
  now: Date;
  /** False when the replay-protection state could not be written (read-only home). */
  stateSaved: boolean;
  /** What this machine accepted before; verification updates the per-skill sequence marks. */
  state: TrustState;
  statePath?: string;
}

export interface OpenTrustOptions {
  trustPath?: string;
  trust?: TrustFile;
  home?: string;
  /** Replay-protection state; default `<home>/trust-state/<hash of the trust path>.json`. */
  statePath?: string;
  now?: Date;
}

/**
 * Loads the trust file (or root of trust), the revocation list, and checks both against what this
 * machine accepted before. Metadata problems are VerificationErrors (a verdict: expired, replayed);
 * an unreadable or invalid trust file is a configuration error (exit 2).
 */
export async function openTrust(options: OpenTrustOptions = {}): Promise<TrustContext> {
  const home = options.home ?? skillsignHome();
  const now = options.now ?? new Date();
  if (options.trust) {
    const loaded: LoadedTrust = { trust: parseTrust(options.trust, "trust object") };
    return { loaded, revocations: await loadRevocations(loaded, now), now, stateSaved: false, state: { schemaVersion: 1 } };
  }
  const path = resolve(options.trustPath ?? join(home, "trust.json"));
  const statePath = options.statePath ?? defaultStatePath(home, path);
  const state = await loadTrustState(statePath);
  const before = JSON.stringify(state);
  const raw = await readTrustJson(path);
  // The TUF models load only for a root of trust.
  const loaded: LoadedTrust = isRoot(raw) ? await (await import("./root/load.js")).loadRootTrust(raw, path, state, now) : { trust: parseTrust(raw, `trust file ${path}`), baseDir: resolve(path, ".."), path };
  const revocations = await loadRevocations(loaded, now, state);
  const stateSaved = JSON.stringify(state) === before || (await saveTrustState(statePath, state));
  return { loaded, revocations, now, stateSaved, state, statePath };
}

function isRoot(raw: unknown): boolean {
  const signed = (raw as { signed?: { _type?: unknown } } | null)?.signed;
  return typeof signed === "object" && signed !== null && signed._type === "root";
}

/** Records a verified sequence; returns true when the mark moved (the caller saves the state). */
export function recordSequence(ctx: TrustContext, name: string, sequence: number): boolean {
  const marks = (ctx.state.skills ??= {});
  if (Object.hasOwn(marks, name) && marks[name]! >= sequence) return false;
  marks[name] = sequence;
  return true;
}

export async function saveContextState(ctx: TrustContext): Promise<void> {
  if (ctx.statePath) ctx.stateSaved = await saveTrustState(ctx.statePath, ctx.state);
}
