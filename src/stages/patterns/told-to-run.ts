/** Folders that hold tests and sample inputs: findings there are lowered unless the skill runs them. */
export const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|testdata)\//i;

// What comes right before a path the reader is told to execute: "run `bash tests/x.sh`", "./tests/x".
const RUN_LEAD = /(?:\b(?:run|runs|execute|executes|exec|launch|invoke|start|bash|sh|zsh|python[23]?|pytest|node|deno|bun|tsx|npx|ruby|perl|pwsh|source)|(?:^|[\s`'"(])\.)\s+[`'"]?(?:\.\/)?$|(?:^|[\s`'"(])\.\/$/i;

/**
 * Test-folder files that the skill's instructions tell the agent to execute. A file under tests/
 * is only a sample while nothing runs it; "run `bash tests/check.sh`" makes it part of the skill,
 * so its findings keep their full weight.
 */
export function testFilesToldToRun(instructions: readonly string[], files: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    if (!TEST_PATH.test(file)) continue;
    if (instructions.some((text) => toldToRun(text, file))) out.add(file);
  }
  return out;
}

function toldToRun(text: string, file: string): boolean {
  // Bounded: a hostile SKILL.md repeating a path thousands of times costs at most 200 lookups.
  let from = 0;
  for (let n = 0; n < 200; n++) {
    const at = text.indexOf(file, from);
    if (at < 0) return false;
    if (RUN_LEAD.test(text.slice(Math.max(0, at - 40), at))) return true;
    from = at + file.length;
  }
  return false;
}
