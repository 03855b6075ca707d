/**
 * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions,
 * substitutions and swaps of two neighbours), stopping early once `max` is exceeded.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The popular name `name` imitates, if any: within distance 1 (names up to 7 characters) or
 * 2 (longer names), never an exact match, never when `name` is itself popular. Names shorter
 * than 4 characters are skipped: too many legitimate short names sit one edit apart.
 */
export function typosquatTarget(name: string, popular: ReadonlySet<string>): string | undefined {
  if (popular.has(name) || name.length < 4) return undefined;
  const bare = name.replace(/^@[^/]+\//, "");
  let best: { target: string; d: number } | undefined;
  for (const target of popular) {
    if (target.length < 4) continue;
    const max = target.length >= 8 ? 2 : 1;
    const d = Math.min(editDistance(name, target, max), bare !== name ? editDistance(bare, target, max) : max + 1);
    if (d >= 1 && d <= max && (!best || d < best.d || (d === best.d && target < best.target))) best = { target, d };
  }
  return best?.target;
}
