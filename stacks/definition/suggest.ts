/**
 * "Did you mean" for unknown keys and values: the closest candidate by edit distance, also
 * matching case and snake_case/kebab-case spellings of camelCase keys (`memory_mib` → `memoryMiB`).
 */

function normalize(word: string): string {
  return word.replace(/[-_\s]/g, '').toLowerCase();
}

/** Levenshtein distance (insert, delete, substitute: cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate `word` most likely meant, or undefined when none is close. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = normalize(word);
  const exact = candidates.find((c) => normalize(c) === w);
  if (exact !== undefined) return exact;
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(w, normalize(c));
    if (!best || d < best.d) best = { c, d };
  }
  if (!best) return undefined;
  // Short words need a close match; longer ones tolerate about a third of their letters wrong.
  const limit = Math.max(1, Math.floor(Math.max(w.length, 3) / 3));
  if (best.d <= limit) return best.c;
  // A misspelt head of a longer key (`memroy` for `memoryMiB`).
  if (w.length >= 4) {
    const heads = candidates.filter((c) => editDistance(w, normalize(c).slice(0, w.length)) <= limit);
    if (heads.length === 1) return heads[0];
  }
  // A prefix of a longer key (`mem` for `memoryMiB`) is a likely abbreviation.
  const prefixed = candidates.filter((c) => w.length >= 3 && normalize(c).startsWith(w));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
