import { scanFile } from "./canary-scan.js";
import type { Canary } from "./canaries.js";
import type { CommandObservation } from "./observe.types.js";
import type { BehaviorConfig } from "./sandbox-config.js";
import { fileStates, type FileStates, type Workspace } from "./workspace.js";

export interface WorkspaceState {
  work: FileStates;
  home: FileStates;
}

export async function snapshotState(ws: Workspace): Promise<WorkspaceState> {
  return { work: await fileStates(ws.workDir), home: await fileStates(ws.homeDir) };
}

export interface ChangedFiles {
  /** Changed files in which a canary was found, with excerpts around each sighting (whole files searched). */
  files: CommandObservation["changedFiles"];
  /** Every changed file's guest path (for `observed.writePaths`). */
  paths: string[];
  /** False when the mounts held more entries than the walk bound: some changes were not seen. */
  complete: boolean;
}

/** Files the command created or changed in the writable mounts, each searched whole for canaries (streaming). */
export async function changedSince(ws: Workspace, config: BehaviorConfig, before: WorkspaceState, canaries: readonly Canary[]): Promise<ChangedFiles> {
  const after = await snapshotState(ws);
  const out: ChangedFiles = { files: [], paths: [], complete: after.work.complete && after.home.complete };
  for (const [area, dir, guest] of [["work", ws.workDir, config.guestWork], ["home", ws.homeDir, config.guestHome]] as const) {
    for (const [rel, st] of after[area].files) {
      if (before[area].files.get(rel)?.sha256 === st.sha256) continue;
      out.paths.push(`${guest}/${rel}`);
      if (st.size === 0) continue; // nothing to search
      const scan = await scanFile(`${dir}/${rel}`, canaries);
      if (scan && scan.found().length) out.files.push({ guestPath: `${guest}/${rel}`, content: scan.excerptText() });
    }
  }
  return out;
}
