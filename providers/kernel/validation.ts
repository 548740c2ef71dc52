/**
 * One shape for every "this input is wrong" in the project: where it was given (a definition file,
 * a construct path, a Terraform resource), which field, what is wrong, and how to fix it. The
 * definition loader, the synth-time plan, the constructs and the provider handlers all throw
 * ValidationError (or a subclass that keeps its own wording); the plugin runtime turns one into a
 * diagnostic per issue on the attribute it names, and `main.ts` prints one line per issue.
 */

/** A field path: property names and list indexes. */
export type FieldPath = readonly (string | number)[];

export interface ValidationIssue {
  /** Where the input was given: `clusters/prod.yaml`, `app/prod-talos/machine-configs`, `talos_local_file`. */
  readonly scope: string;
  /** The field within it; empty for the input as a whole. */
  readonly path: FieldPath;
  /** What is wrong, quoting the value when that helps. */
  readonly problem: string;
  /** How to fix it: a corrected example or the step to take. */
  readonly fix?: string;
}

/** `nodes[1].name`: indexes in brackets, as users write them in TypeScript and YAML paths. */
export function formatFieldPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** `scope: field: problem; fix`. */
export function formatIssue(issue: ValidationIssue): string {
  const field = issue.path.length > 0 ? `${formatFieldPath(issue.path)}: ` : '';
  const scope = issue.scope ? `${issue.scope}: ` : '';
  return `${scope}${field}${issue.problem}${issue.fix ? `; ${issue.fix}` : ''}`;
}

export class ValidationError extends Error {
  readonly issues: readonly ValidationIssue[];

  /** `message` keeps the wording of an error that predates this class; by default one line per issue. */
  constructor(issues: readonly ValidationIssue[], message: string = issues.map(formatIssue).join('\n')) {
    super(message);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/**
 * One bad field, worded as synth messages are: `scope: field "value": problem` when the problem
 * opens with the quoted value, else `scope: field: problem`.
 */
export function fieldError(scope: string, field: string, problem: string, fix?: string): ValidationError {
  const sep = /^["[{]/.test(problem) ? ' ' : ': ';
  return new ValidationError([{ scope, path: field ? [field] : [], problem, ...(fix !== undefined ? { fix } : {}) }], `${scope}: ${field}${sep}${problem}${fix ? `; ${fix}` : ''}`);
}
