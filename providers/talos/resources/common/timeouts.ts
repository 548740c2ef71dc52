/**
 * `timeouts` blocks of the Talos API resources: Go duration strings per operation (as
 * terraform-plugin-framework-timeouts takes them), 10m when unset, as siderolabs' provider.
 */
import { attr } from '../../../runtime';
import { durationProblem, parseGoDuration } from '../../../kernel/duration';

export type TimeoutOperation = 'create' | 'update' | 'delete' | 'read';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Why `text` is not a usable timeout, or undefined when it is. */
export function timeoutProblem(text: string): string | undefined {
  return durationProblem(text);
}

/** An optional Go-duration attribute of a `timeouts` block. */
export function timeoutAttribute(operation: TimeoutOperation) {
  return attr.string({
    mode: 'optional',
    description: `How long ${operation} may take (Go duration, e.g. 10m); default 10m.`,
    validators: [(v) => timeoutProblem(v)],
  });
}

/** The timeout of `operation` in milliseconds: the block's value, else 10m. */
export function timeoutMs(block: Partial<Record<TimeoutOperation, string | null>> | null | undefined, operation: TimeoutOperation): number {
  const text = block?.[operation];
  if (text === undefined || text === null) return DEFAULT_TIMEOUT_MS;
  const ns = parseGoDuration(text);
  if (ns === undefined || ns <= 0n) throw new Error(`timeouts.${operation}: ${timeoutProblem(text)}`);
  return Number(ns / 1_000_000n);
}

/**
 * The value of a `block.single` attribute: an object or null. (The schema DSL's model type does
 * not keep the nesting literal, so it types single blocks as lists; at run time they are objects.)
 */
export function singleBlock<T extends object>(value: T | readonly T[] | null | undefined): T | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) throw new Error('provider bug: a single nested block arrived as a list');
  return value as T;
}
