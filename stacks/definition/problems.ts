/**
 * Problems in cluster definitions, reported all at once and in one shape:
 * `clusters/<file>: <path>: <what is wrong>. Example: <fix>`, sorted by file then path.
 * Also the zod error map that words zod's own issues this way, and the conversion of zod issues
 * (unknown keys split per key, with "did you mean") into problems.
 */
import type { z } from 'zod';
import { show } from './fields';
import type { IssuePath } from '../plan/layout';
import { exampleAt, keysAt } from './schema-walk';
import { isSecretKeyName, SECRET_EXAMPLE } from './secrets';
import { suggest } from './suggest';
import { ValidationError } from '../../providers/kernel/validation';

export interface DefinitionProblem {
  /** The definition as shown to the user, e.g. `clusters/prod.yaml`. */
  readonly source: string;
  /** Where in the definition; empty for the file as a whole. */
  readonly path: IssuePath;
  /** What is wrong (no trailing period). */
  readonly message: string;
  /** A correct value or the fix, as YAML where it is a value. */
  readonly example: string;
}

export const README_HINT = 'see clusters/README.md for the format';

/** `workers[0].ips[1]`; `(file)` for the whole file. */
export function formatPath(path: IssuePath): string {
  if (!path.length) return '(file)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

const trimPeriod = (s: string): string => s.replace(/[.\s]+$/, '');

export function formatProblem(p: DefinitionProblem): string {
  const what = trimPeriod(p.message);
  return `${p.source}: ${formatPath(p.path)}: ${what}${/[?!]$/.test(what) ? '' : '.'} Example: ${trimPeriod(p.example)}`;
}

function comparePaths(a: IssuePath, b: IssuePath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/** By source, then path (indexes numerically), then message; duplicates removed. */
export function sortProblems(problems: readonly DefinitionProblem[]): DefinitionProblem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort((a, b) => (a.source === b.source ? comparePaths(a.path, b.path) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0) : a.source < b.source ? -1 : 1))
    .filter((p) => {
      const key = formatProblem(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Every problem of the definitions at once: a ValidationError whose issues are the problems (scope = file, fix = example). */
export class ClusterDefinitionError extends ValidationError {
  readonly problems: readonly DefinitionProblem[];

  constructor(problems: readonly DefinitionProblem[]) {
    const sorted = sortProblems(problems);
    const files = new Set(sorted.map((p) => p.source)).size;
    super(
      sorted.map((p) => ({ scope: p.source, path: p.path, problem: p.message, fix: p.example })),
      [`${sorted.length} problem${sorted.length === 1 ? '' : 's'} in ${files} cluster definition${files === 1 ? '' : 's'}:`, ...sorted.map(formatProblem)].join('\n'),
    );
    this.name = 'ClusterDefinitionError';
    this.problems = sorted;
  }
}

// ---- Wording of zod's own issues ---------------------------------------------------------------

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'a mapping (key: value lines)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** Per-parse zod error map: plain wording for the issues the schema does not word itself. */
export const definitionErrorMap: z.core.$ZodErrorMap = (iss) => {
  const input = iss.input;
  switch (iss.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      // YAML .nan/.inf and JSON 1e400 (too big for a double) arrive as NaN/Infinity.
      if (typeof input === 'number' && !Number.isFinite(input)) return `${String(input)} is not a finite number (too large, or .nan/.inf); expected ${EXPECTED[iss.expected] ?? iss.expected}`;
      const expected = EXPECTED[iss.expected] ?? iss.expected;
      const quote = iss.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean') ? ' (quote it in YAML)' : '';
      return `${show(input)} is ${typeName(input)}; expected ${expected}${quote}`;
    }
    case 'too_small': {
      if (iss.origin === 'array') return `has ${Array.isArray(input) ? input.length : 0} item${Array.isArray(input) && input.length === 1 ? '' : 's'}; at least ${iss.minimum} required`;
      if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? 'is empty' : `${show(input)} is shorter than ${iss.minimum} characters`;
      return `${show(input)} is below the minimum ${iss.minimum}`;
    }
    case 'too_big': {
      if (iss.origin === 'array') return `has ${Array.isArray(input) ? input.length : 0} items; at most ${iss.maximum} allowed`;
      if (iss.origin === 'string') return `${show(input)} is longer than ${iss.maximum} characters`;
      return `${show(input)} is above the maximum ${iss.maximum}`;
    }
    case 'invalid_value': {
      const values = iss.values.map((v) => String(v));
      const hint = typeof input === 'string' ? suggest(input, values) : undefined;
      return `${show(input)} is not one of ${values.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    }
    case 'invalid_union':
      return `${show(input)} matches none of the accepted forms`;
    case 'invalid_key':
      return `${show(input)} is not an accepted key`;
    default:
      return undefined;
  }
};

// ---- zod issues → problems -------------------------------------------------------------------

function unknownKeyProblems(source: string, issue: z.core.$ZodIssueUnrecognizedKeys, schema: z.ZodType, input: unknown): DefinitionProblem[] {
  const known = keysAt(schema, issue.path as IssuePath, input);
  return issue.keys.map((key) => {
    const path: IssuePath = [...(issue.path as IssuePath), key];
    if (isSecretKeyName(key)) {
      return {
        source,
        path,
        message: `is not a known key, and a definition never holds secrets: keep the value in an environment variable and name the variable here`,
        example: SECRET_EXAMPLE,
      };
    }
    const hint = suggest(key, known);
    if (hint !== undefined) {
      const example = exampleAt(schema, [...(issue.path as IssuePath), hint], input) ?? `${hint}: ...`;
      return { source, path, message: `is not a known key; did you mean "${hint}"?`, example };
    }
    return { source, path, message: `is not a known key (accepted here: ${known.join(', ') || 'none'})`, example: `remove "${key}"` };
  });
}

function valueAt(input: unknown, path: IssuePath): unknown {
  let v = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** Converts zod issues into problems (examples from the issue, else from the schema at its path). */
export function issuesToProblems(source: string, issues: readonly z.core.$ZodIssue[], schema: z.ZodType, input: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  // `vmidbase: 1` for a missing `vmidBase`: the "did you mean" says it all; drop "vmidBase is required".
  const meant = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = keysAt(schema, issue.path as IssuePath, input);
    for (const key of issue.keys) {
      const hint = suggest(key, known);
      if (hint !== undefined) meant.add(formatPath([...(issue.path as IssuePath), hint]));
    }
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      problems.push(...unknownKeyProblems(source, issue, schema, input));
      continue;
    }
    const path = issue.path as IssuePath;
    if (issue.code === 'invalid_type' && valueAt(input, path) === undefined && meant.has(formatPath(path))) continue;
    // A record key that fails its own rule: that rule's message says more than "invalid key".
    if (issue.code === 'invalid_key' && issue.issues.length) {
      problems.push({ source, path, message: issue.issues[0].message, example: exampleAt(schema, path, input) ?? README_HINT });
      continue;
    }
    const params = issue.code === 'custom' ? (issue.params as { example?: unknown } | undefined) : undefined;
    const example = typeof params?.example === 'string' ? params.example : (exampleAt(schema, path, input) ?? README_HINT);
    problems.push({ source, path, message: issue.message, example });
  }
  return problems;
}
