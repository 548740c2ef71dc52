/**
 * `timeouts` of the Talos API resources: a nested attribute (`timeouts = { create = "5m" }`) of Go
 * duration strings per operation, 10m when unset, as siderolabs' provider declares it, so HCL
 * ports between the two. (Schema version 0 declared it as a block; see TIMEOUTS_SCHEMA_VERSION.)
 */
import { attr } from '../../../runtime';
import { durationProblem, parseGoDuration } from '../../../kernel/duration';

export type TimeoutOperation = 'create' | 'update' | 'delete' | 'read';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Why `text` is not a usable timeout, or undefined when it is. */
export function timeoutProblem(text: string): string | undefined {
  return durationProblem(text);
}

/** An optional Go-duration attribute inside `timeouts`. */
export function timeoutAttribute(operation: TimeoutOperation) {
  return attr.string({
    mode: 'optional',
    description: `How long ${operation} may take (Go duration, e.g. 10m); default 10m.`,
    validators: [(v) => timeoutProblem(v)],
  });
}

/** The optional `timeouts` nested attribute with one duration per operation given. */
export function timeoutsAttribute<O extends TimeoutOperation>(...operations: readonly O[]) {
  const attributes = Object.fromEntries(operations.map((op) => [op, timeoutAttribute(op)])) as Record<O, ReturnType<typeof timeoutAttribute>>;
  return attr.single(attributes)({ mode: 'optional', description: `Operation timeouts (${operations.join(', ')}), Go durations; 10m each when unset.` });
}

/**
 * The schema version of resources whose `timeouts` (and `on_destroy`) became nested attributes.
 * Version 0 stored the same objects as single blocks: identical state JSON (an object or null),
 * so the upgrade from 0 only re-checks the shape.
 */
export const TIMEOUTS_SCHEMA_VERSION = 1;

/** The state upgrade from the block-shaped version 0: the same JSON, with anything but an object or null refused. */
export function upgradeBlocksToNestedAttributes(...names: readonly string[]) {
  return (state: Record<string, unknown>): Record<string, unknown> => {
    for (const name of names) {
      const v = state[name];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'object' || Array.isArray(v))
        throw new Error(`state attribute ${name} of schema version 0 is not an object; remove the resource from state (terraform state rm) and import or re-create it`);
    }
    return state;
  };
}

/** The timeout of `operation` in milliseconds: the `timeouts` value, else 10m. */
export function timeoutMs(timeouts: Partial<Record<TimeoutOperation, string | null>> | null | undefined, operation: TimeoutOperation): number {
  const text = timeouts?.[operation];
  if (text === undefined || text === null) return DEFAULT_TIMEOUT_MS;
  const ns = parseGoDuration(text);
  if (ns === undefined || ns <= 0n) throw new Error(`timeouts.${operation}: ${timeoutProblem(text)}`);
  return Number(ns / 1_000_000n);
}
