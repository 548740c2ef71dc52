/**
 * Reads the schema back at an issue's path: the example registered for the field there (the fix
 * shown with a problem) and the keys an object there accepts (for "did you mean"). Uses zod 4's
 * definition objects (`_zod.def`), the introspection surface zod documents for library authors.
 */
import type { z } from 'zod';
import { fieldDocs } from './fields';
import type { IssuePath } from '../plan/layout';

interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, unknown>>;
  readonly element?: unknown;
  readonly innerType?: unknown;
  readonly options?: readonly unknown[];
  readonly discriminator?: string;
  readonly in?: unknown;
  readonly valueType?: unknown;
  readonly values?: readonly unknown[];
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema and everything it wraps (optional/default/... and the input side of pipes), outermost first. */
function layers(schema: unknown): unknown[] {
  const out: unknown[] = [];
  let s: unknown = schema;
  for (let guard = 0; s !== undefined && guard < 32; guard++) {
    out.push(s);
    const def = defOf(s);
    if (WRAPPERS.has(def.type)) s = def.innerType;
    else if (def.type === 'pipe') s = def.in;
    else break;
  }
  return out;
}

/** Union options that can apply to `value`: the one its discriminator selects, else all. */
function unionOptions(def: Def, value: unknown): unknown[] {
  const options = [...(def.options ?? [])];
  if (!def.discriminator || value === null || typeof value !== 'object') return options;
  const tag = (value as Record<string, unknown>)[def.discriminator];
  const picked = options.filter((o) =>
    layers(o).some((l) => {
      const field = defOf(l).shape?.[def.discriminator as string];
      return field !== undefined && (defOf(field).values ?? []).includes(tag);
    }),
  );
  return picked.length ? picked : options;
}

/** Every layer of `schema`, unions expanded into their applicable options. */
function expand(schema: unknown, value: unknown, depth = 0): unknown[] {
  const out: unknown[] = [];
  for (const layer of layers(schema)) {
    out.push(layer);
    const def = defOf(layer);
    if (def.type === 'union' && depth < 8) for (const o of unionOptions(def, value)) out.push(...expand(o, value, depth + 1));
  }
  return out;
}

function child(value: unknown, key: string | number): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
}

/** The schemas that may describe the value at `path` (several when a union cannot be narrowed). */
export function schemasAt(root: z.ZodType, path: IssuePath, input: unknown): unknown[] {
  let current: unknown[] = [root];
  let value = input;
  for (const key of path) {
    const next: unknown[] = [];
    for (const s of current) {
      for (const layer of expand(s, value)) {
        const def = defOf(layer);
        if (def.type === 'object' && typeof key === 'string' && def.shape?.[key] !== undefined) next.push(def.shape[key]);
        else if (def.type === 'array' && typeof key === 'number' && def.element !== undefined) next.push(def.element);
        else if (def.type === 'record' && typeof key === 'string' && def.valueType !== undefined) next.push(def.valueType);
      }
    }
    current = next;
    value = child(value, key);
  }
  return current;
}

/** The example registered for the field at `path`, or for the nearest enclosing field that has one. */
export function exampleAt(root: z.ZodType, path: IssuePath, input: unknown): string | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = exampleExactlyAt(root, path.slice(0, n), input);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The example registered for the field at exactly `path`. */
export function exampleExactlyAt(root: z.ZodType, path: IssuePath, input: unknown): string | undefined {
  let value = input;
  for (const key of path) value = child(value, key);
  for (const s of schemasAt(root, path, input)) {
    for (const layer of expand(s, value)) {
      const doc = fieldDocs.get(layer as z.ZodType);
      if (doc) return doc.example;
    }
  }
  return undefined;
}

/** The keys an object at `path` accepts (the union of the candidates' keys). */
export function keysAt(root: z.ZodType, path: IssuePath, input: unknown): string[] {
  let value = input;
  for (const key of path) value = child(value, key);
  const keys = new Set<string>();
  for (const s of schemasAt(root, path, input)) {
    for (const layer of expand(s, value)) {
      const def = defOf(layer);
      if (def.type === 'object') for (const k of Object.keys(def.shape ?? {})) keys.add(k);
    }
  }
  return [...keys];
}

/** Every leaf path of the schema (arrays as index 0, records as `<key>`), for documentation checks. */
export function leafPaths(root: z.ZodType): IssuePath[] {
  const out: IssuePath[] = [];
  const visit = (schema: unknown, path: IssuePath, depth: number): void => {
    if (depth > 12) return;
    let container = false;
    for (const layer of expand(schema, undefined)) {
      const def = defOf(layer);
      if (def.type === 'object') {
        container = true;
        for (const [k, v] of Object.entries(def.shape ?? {})) visit(v, [...path, k], depth + 1);
      } else if (def.type === 'array') {
        container = true;
        visit(def.element, [...path, 0], depth + 1);
      } else if (def.type === 'record') {
        container = true;
        visit(def.valueType, [...path, '<key>'], depth + 1);
      }
    }
    if (!container) out.push(path);
  };
  visit(root, [], 0);
  return out;
}
