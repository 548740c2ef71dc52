/** File-level comparison of two generated trees, for drift checks that name what changed. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { listTree } from './digest';

export interface TreeDiff {
  onlyInExpected: string[];
  onlyInActual: string[];
  changed: string[];
}

export function isSameTree(d: TreeDiff): boolean {
  return d.onlyInExpected.length === 0 && d.onlyInActual.length === 0 && d.changed.length === 0;
}

export async function diffTrees(expectedDir: string, actualDir: string, exclude: readonly string[] = []): Promise<TreeDiff> {
  const [expected, actual] = await Promise.all([listTree(expectedDir, exclude), listTree(actualDir, exclude)]);
  const actualSet = new Set(actual);
  const expectedSet = new Set(expected);
  const changed: string[] = [];
  for (const rel of expected.filter((f) => actualSet.has(f))) {
    const [a, b] = await Promise.all([fs.readFile(path.join(expectedDir, rel)), fs.readFile(path.join(actualDir, rel))]);
    if (!a.equals(b)) changed.push(rel);
  }
  return {
    onlyInExpected: expected.filter((f) => !actualSet.has(f)),
    onlyInActual: actual.filter((f) => !expectedSet.has(f)),
    changed,
  };
}

/** One line per difference, capped, for error messages. */
export function describeTreeDiff(d: TreeDiff, limit = 20): string {
  const lines = [...d.changed.map((f) => `changed: ${f}`), ...d.onlyInExpected.map((f) => `missing: ${f}`), ...d.onlyInActual.map((f) => `extra:   ${f}`)];
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more`].join('\n') : lines.join('\n');
}
