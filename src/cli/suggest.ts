/**
 * "Did you mean …?" for mistyped commands, options and URL schemes. Node has no edit distance
 * built in, and the CLI carries no dependency of its own: this is the optimal string alignment
 * distance (Levenshtein plus adjacent transpositions, so `stauts` is one edit from `status`).
 */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidates closest to `word`: within 1 edit for short words, 2 for longer ones (a third of
 * the length at most), else those that start with it. Empty when nothing is close.
 */
export function closest(word: string, candidates: Iterable<string>): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.min(2, Math.floor(w.length / 3)));
  let best = Number.POSITIVE_INFINITY;
  let found: string[] = [];
  const unique = [...new Set(candidates)];
  for (const c of unique) {
    const distance = editDistance(w, c.toLowerCase());
    if (distance > limit || distance > best) continue;
    if (distance < best) found = [];
    best = distance;
    found.push(c);
  }
  if (found.length === 0 && w.length >= 3) found = unique.filter((c) => c.toLowerCase().startsWith(w));
  return found.slice(0, 3);
}

/** `Did you mean "status"?`, `Did you mean --json or --jobs?`, or undefined when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, show: (c: string) => string = (c) => `"${c}"`): string | undefined {
  const found = closest(word, candidates);
  if (found.length === 0) return undefined;
  const shown = found.map(show);
  return `Did you mean ${shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`}?`;
}
