/**
 * Diagnostics: how handlers report problems. Errors thrown by handlers are turned into
 * diagnostics by the runtime, so Terraform shows a message naming the resource and the
 * attribute instead of a crashed plugin.
 */

import { formatPath, type CtyPath, type CtyPathStep } from './cty/path';
import { ValidationError, type FieldPath } from '../kernel/validation';

/** A step of an attribute path: attribute/block name, map key or list index. */
export type PathStep = CtyPathStep;
export type AttributePath = CtyPath;
export { formatPath };

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly path?: AttributePath;
}

/** Throw this from a handler to attach the error to an attribute (a ValidationError of one issue). */
export class AttributeError extends ValidationError {
  constructor(
    readonly path: AttributePath | string,
    message: string,
    readonly detail?: string,
  ) {
    super([{ scope: '', path: fieldPathOf(parsePath(path)), problem: message, ...(detail !== undefined ? { fix: detail } : {}) }], message);
    this.name = 'AttributeError';
  }
}

function fieldPathOf(path: AttributePath): FieldPath {
  return path.map((step) => ('attr' in step ? step.attr : 'index' in step ? step.index : String(step.key)));
}

function attributePathOf(path: FieldPath): AttributePath {
  return path.map((p) => (typeof p === 'number' ? { index: p } : { attr: p }));
}

/** Throw this to report several diagnostics at once. */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join('; '));
    this.name = 'DiagnosticsError';
  }
}

/** Parses a dotted path such as `nodes.0.name` (numbers become list indexes). */
export function parsePath(path: AttributePath | string): AttributePath {
  if (typeof path !== 'string') return path;
  return path.split('.').map((part) => (/^\d+$/.test(part) ? { index: Number(part) } : { attr: part }));
}

export function error(summary: string, detail?: string, path?: AttributePath): Diagnostic {
  return { severity: 'error', summary, detail, path };
}

export function warning(summary: string, detail?: string, path?: AttributePath): Diagnostic {
  return { severity: 'warning', summary, detail, path };
}

/** Converts anything a handler threw into diagnostics naming where it happened. */
export function diagnosticsFromError(where: string, err: unknown): Diagnostic[] {
  if (err instanceof DiagnosticsError) return [...err.diagnostics];
  if (err instanceof AttributeError) {
    const path = parsePath(err.path);
    return [error(`${where}: ${formatPath(path)}: ${err.message}`, err.detail ?? err.message, path)];
  }
  // One diagnostic per issue, on the attribute it names.
  if (err instanceof ValidationError) {
    return err.issues.map((i) => {
      const path = attributePathOf(i.path);
      const field = i.path.length > 0 ? `${formatPath(path)}: ` : '';
      return error(`${where}: ${field}${i.problem}`, i.fix ?? i.problem, i.path.length > 0 ? path : undefined);
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return [error(`${where} failed`, message)];
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}
