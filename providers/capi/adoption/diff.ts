/**
 * "Does the live object still say what we applied?": every field of the desired object must be
 * present in the live one with the same value; fields the server or controllers added are fine.
 */

export interface Mismatch {
  /** Dotted path, list indexes in brackets (`spec.network.networkDevices[0].bridge`). */
  readonly path: string;
  readonly want: unknown;
  readonly got: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first field where `live` differs from `desired`, or undefined when `desired` ⊆ `live`. */
export function findMismatch(desired: unknown, live: unknown, path = ''): Mismatch | undefined {
  if (isObject(desired)) {
    if (!isObject(live)) return { path: path || '.', want: desired, got: live };
    for (const key of Object.keys(desired)) {
      if (desired[key] === undefined) continue;
      const m = findMismatch(desired[key], live[key], path ? `${path}.${key}` : key);
      if (m) return m;
    }
    return undefined;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return { path, want: desired, got: live };
    for (let i = 0; i < desired.length; i++) {
      const m = findMismatch(desired[i], live[i], `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  return desired === live ? undefined : { path, want: desired, got: live };
}

/** Exact structural equality (key order ignored), for "must be identical" checks. */
export function deepEqual(a: unknown, b: unknown): boolean {
  return findMismatch(a, b) === undefined && findMismatch(b, a) === undefined;
}

/** A short rendering of a value for messages (secrets never reach this: callers pass non-secret fields). */
export function show(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
