/** Per-line Markdown facts the context rules need: fenced or not, the lead-in line of a fence, the headings above. */
export interface MarkdownMap {
  /** 0-based line → inside a fenced code block (fence lines excluded). */
  inFence: Uint8Array;
  /** 0-based line → 0-based line of the prose sentence just before its fence, or -1. */
  leadIn: Int32Array;
  /** 0-based line → the chain of headings it sits under, outermost first. */
  headings: (readonly string[])[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.{0,300})/;

export function mapMarkdown(text: string, lineStarts: number[]): MarkdownMap {
  const n = lineStarts.length;
  const inFence = new Uint8Array(n);
  const leadIn = new Int32Array(n).fill(-1);
  const headings: (readonly string[])[] = new Array(n);
  let chain: string[] = [];
  const depths: number[] = [];
  let fence: string | undefined;
  let fenceLead = -1;
  let lastProse = -1;
  for (let i = 0; i < n; i++) {
    const end = i + 1 < n ? lineStarts[i + 1]! - 1 : text.length;
    // Only the start of a line decides its role; long lines are not copied whole.
    const head = text.slice(lineStarts[i]!, Math.min(end, lineStarts[i]! + 320));
    headings[i] = chain;
    const f = FENCE.exec(head);
    if (fence !== undefined) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && head.trim() === f[1]) fence = undefined;
      else {
        inFence[i] = 1;
        leadIn[i] = fenceLead;
      }
      continue;
    }
    if (f) {
      fence = f[1]!;
      fenceLead = lastProse;
      continue;
    }
    const h = HEADING.exec(head);
    if (h) {
      const depth = h[1]!.length;
      // A heading closes every open section of the same or a deeper level.
      while (depths.length > 0 && depths[depths.length - 1]! >= depth) depths.pop();
      chain = [...chain.slice(0, depths.length), h[2]!.replace(/#+\s*$/, "").trim()];
      depths.push(depth);
      headings[i] = chain;
      lastProse = -1;
      continue;
    }
    if (head.trim() !== "") lastProse = i;
  }
  return { inFence, leadIn, headings };
}
