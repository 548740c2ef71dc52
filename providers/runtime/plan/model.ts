/**
 * Conversions between wire values (exact cty values) and the models handlers work with
 * (numbers as JS numbers), plus shape checks on what handlers hand back.
 */
import { CtyBigNumber, CtyTypeError, conform, type CtyType, type CtyValue } from '../cty';
import { AttributeError } from '../diagnostics';
import type { BlockShape } from './plan-rules';

type Obj = Record<string, CtyValue>;

/** Deep copy where exact big numbers become JS numbers (handlers compute with doubles). */
export function toModel<T>(value: CtyValue): T {
  return convert(value) as T;
}

function convert(value: CtyValue): unknown {
  if (value instanceof CtyBigNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Obj)) out[k] = convert(v);
    return out;
  }
  return value;
}

/**
 * Checks a handler-produced object against the schema type and fills attributes it left out
 * from `fallback` (or null), so handlers may return only what they know.
 */
export function fromModel(shape: BlockShape, type: CtyType, value: unknown, fallback: Obj | null, where: string): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${where}: provider bug: handler returned ${value === null ? 'null' : typeof value} instead of an object`);
  }
  const given = value as Record<string, unknown>;
  const out: Obj = {};
  for (const name of Object.keys(shape.attributes)) {
    const v = given[name];
    out[name] = v === undefined ? (fallback ? (fallback[name] ?? null) : null) : (v as CtyValue);
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    const v = given[name];
    // Terraform wants list/set blocks as empty collections, never null.
    out[name] = v !== undefined ? (v as CtyValue) : fallback ? (fallback[name] ?? null) : def.nesting === 'single' ? null : [];
  }
  for (const name of Object.keys(given)) {
    if (!(name in out)) throw new AttributeError([{ attr: name }], `provider bug: handler returned undeclared attribute "${name}"`);
  }
  return checkConforms(out, type);
}

/** Type-checks an object before it goes back to Terraform; a mismatch is a provider bug with a path. */
export function checkConforms(out: Obj, type: CtyType): Obj {
  try {
    conform(out, type, []);
  } catch (err) {
    if (err instanceof CtyTypeError) throw new AttributeError(err.path, `provider bug: ${err.reason}`);
    throw err;
  }
  return out;
}
