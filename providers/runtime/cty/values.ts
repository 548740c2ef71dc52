/**
 * The JS representation of cty values and the type-directed helpers on them:
 * conformance checks with attribute paths, equality, and known-ness.
 */
import { CtyBigNumber, numberEquals, numberKey, type CtyNumber } from './numbers';
import { compareCodePoints, getOwn, sortedKeys } from './ordering';
import { CtyTypeError, type CtyPath, type CtyPathStep } from './path';
import { friendlyTypeName, typeEquals, typeToJsonString, type CtyType } from './types';

// The number and error classes belong to the value model; re-exported so values.ts is self-contained.
export { CtyBigNumber, type CtyNumber } from './numbers';
export { CtyTypeError, type CtyPath, type CtyPathStep } from './path';

export interface CtyNumberBound {
  readonly value: CtyNumber;
  readonly inclusive: boolean;
}

/**
 * What is known about a not-yet-known value (go-cty refinements). Which keys apply depends on
 * the type: stringPrefix → string; numberLower/Upper → number; lengthLower/Upper → list/set/map.
 */
export interface CtyRefinements {
  /** Definitely not null. */
  readonly notNull?: boolean;
  /** The final string starts with this (NFC) text. */
  readonly stringPrefix?: string;
  readonly numberLower?: CtyNumberBound;
  readonly numberUpper?: CtyNumberBound;
  /** Inclusive collection length bounds. */
  readonly lengthLower?: number;
  readonly lengthUpper?: number;
}

function checkBound(bound: unknown, field: string): CtyNumberBound {
  const b = bound as Partial<CtyNumberBound> | null;
  const ok = b !== null && typeof b === 'object' && typeof b.inclusive === 'boolean' && (b.value instanceof CtyBigNumber || (typeof b.value === 'number' && !Number.isNaN(b.value)));
  if (!ok) throw new TypeError(`unknown(): ${field} must be { value: number | CtyBigNumber, inclusive: boolean }`);
  return Object.freeze({ value: b.value as CtyNumber, inclusive: b.inclusive as boolean });
}

function checkLength(n: unknown, field: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new TypeError(`unknown(): ${field} must be a non-negative integer, got ${String(n)}`);
  }
  return n;
}

/** Validates refinement shapes and drops the no-op ones (notNull false, "" prefix, length ≥ 0). */
function normaliseRefinements(input: CtyRefinements): CtyRefinements | undefined {
  const out: { -readonly [K in keyof CtyRefinements]: CtyRefinements[K] } = {};
  if (input.notNull !== undefined) {
    if (typeof input.notNull !== 'boolean') throw new TypeError('unknown(): notNull must be a boolean');
    if (input.notNull) out.notNull = true;
  }
  if (input.stringPrefix !== undefined) {
    if (typeof input.stringPrefix !== 'string') throw new TypeError('unknown(): stringPrefix must be a string');
    // cty compares prefixes of NFC-normalised strings.
    if (input.stringPrefix !== '') out.stringPrefix = input.stringPrefix.normalize('NFC');
  }
  if (input.numberLower !== undefined) out.numberLower = checkBound(input.numberLower, 'numberLower');
  if (input.numberUpper !== undefined) out.numberUpper = checkBound(input.numberUpper, 'numberUpper');
  if (input.lengthLower !== undefined && checkLength(input.lengthLower, 'lengthLower') > 0) out.lengthLower = input.lengthLower;
  if (input.lengthUpper !== undefined) out.lengthUpper = checkLength(input.lengthUpper, 'lengthUpper');
  if (out.lengthUpper !== undefined && (out.lengthLower ?? 0) > out.lengthUpper) {
    throw new TypeError(`unknown(): lengthLower ${out.lengthLower} exceeds lengthUpper ${out.lengthUpper}`);
  }
  return Object.keys(out).length === 0 ? undefined : Object.freeze(out);
}

/** A value that is not known yet (planned computed attributes, config referencing other resources). */
export class Unknown {
  readonly refinements: CtyRefinements | undefined;

  constructor(refinements?: CtyRefinements) {
    this.refinements = refinements === undefined ? undefined : normaliseRefinements(refinements);
    Object.freeze(this);
  }
}

const PLAIN_UNKNOWN = new Unknown();

/** An unknown value; without (effective) refinements it is a shared instance. */
export function unknown(refinements?: CtyRefinements): Unknown {
  if (refinements === undefined) return PLAIN_UNKNOWN;
  const u = new Unknown(refinements);
  return u.refinements === undefined ? PLAIN_UNKNOWN : u;
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/**
 * A value of a `dynamic` attribute together with its concrete type. A null or unknown dynamic
 * value is plain `null` / {@link Unknown}; `new CtyDynamic(t.string, null)` is a typed null.
 */
export class CtyDynamic {
  constructor(
    readonly type: CtyType,
    readonly value: CtyValue,
  ) {
    Object.freeze(this);
  }
}

export type CtyValue = null | string | number | boolean | CtyBigNumber | CtyDynamic | Unknown | CtyValue[] | { [k: string]: CtyValue };

export type CtyObjectValue = { [k: string]: CtyValue };

/** Plain objects only: class instances (Date, Map, CtyBigNumber …) are not cty maps/objects. */
export function isPlainObject(value: unknown): value is CtyObjectValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True when no Unknown occurs anywhere inside (dynamic wrappers included). */
export function isWhollyKnown(value: CtyValue): boolean {
  if (value instanceof Unknown) return false;
  if (value instanceof CtyDynamic) return isWhollyKnown(value.value);
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isPlainObject(value)) return Object.values(value).every((v) => v === undefined || isWhollyKnown(v));
  return true;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof CtyBigNumber) return 'a CtyBigNumber';
  if (value instanceof CtyDynamic) return 'a CtyDynamic';
  if (value instanceof Unknown) return 'an unknown';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
    return isPlainObject(value) ? 'an object' : `a ${ctor ?? 'non-plain object'}`;
  }
  return typeof value;
}

function mismatch(path: CtyPath, type: CtyType, value: unknown): CtyTypeError {
  return new CtyTypeError(path, `${friendlyTypeName(type)} required (got ${describe(value)})`);
}

function checkRefinements(path: CtyPath, type: CtyType, r: CtyRefinements | undefined): void {
  if (r === undefined || type.kind === 'dynamic') return; // cty cannot refine dynamic unknowns; they are dropped
  if (r.stringPrefix !== undefined && type.kind !== 'string') {
    throw new CtyTypeError(path, `a string prefix refinement is only valid for string, not ${friendlyTypeName(type)}`);
  }
  if ((r.numberLower !== undefined || r.numberUpper !== undefined) && type.kind !== 'number') {
    throw new CtyTypeError(path, `number bound refinements are only valid for number, not ${friendlyTypeName(type)}`);
  }
  if ((r.lengthLower !== undefined || r.lengthUpper !== undefined) && type.kind !== 'list' && type.kind !== 'set' && type.kind !== 'map') {
    throw new CtyTypeError(path, `length bound refinements are only valid for list, set or map, not ${friendlyTypeName(type)}`);
  }
}

function conformAt(value: CtyValue | undefined, type: CtyType, path: CtyPathStep[]): void {
  if (value === null) return;
  if (value === undefined) throw new CtyTypeError(path, `${friendlyTypeName(type)} or null required (got undefined)`);
  if (value instanceof Unknown) return checkRefinements(path, type, value.refinements);
  if (type.kind === 'dynamic') {
    if (!(value instanceof CtyDynamic)) {
      throw new CtyTypeError(path, `a dynamic value must be wrapped as new CtyDynamic(type, value) (got ${describe(value)})`);
    }
    if (value.type.kind === 'dynamic') throw new CtyTypeError(path, 'the type of a CtyDynamic value must be concrete, not dynamic');
    return conformAt(value.value, value.type, path);
  }
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') throw mismatch(path, type, value);
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch(path, type, value);
      return;
    case 'number':
      if (typeof value === 'number' && Number.isNaN(value)) throw new CtyTypeError(path, 'NaN is not a valid cty number');
      if (typeof value !== 'number' && !(value instanceof CtyBigNumber)) throw mismatch(path, type, value);
      return;
    case 'list':
    case 'set':
      if (!Array.isArray(value)) throw mismatch(path, type, value);
      for (let i = 0; i < value.length; i++) {
        path.push({ index: i });
        conformAt(value[i], type.element, path);
        path.pop();
      }
      return;
    case 'tuple':
      if (!Array.isArray(value)) throw mismatch(path, type, value);
      if (value.length !== type.elements.length) {
        throw new CtyTypeError(path, `a tuple of length ${type.elements.length} is required (${value.length} given)`);
      }
      for (let i = 0; i < value.length; i++) {
        path.push({ index: i });
        conformAt(value[i], type.elements[i]!, path);
        path.pop();
      }
      return;
    case 'map':
      if (!isPlainObject(value)) throw mismatch(path, type, value);
      for (const key of Object.keys(value)) {
        path.push({ key });
        conformAt(value[key], type.element, path);
        path.pop();
      }
      return;
    case 'object':
      if (!isPlainObject(value)) throw mismatch(path, type, value);
      for (const name of Object.keys(value)) {
        const attrType = getOwn(type.attributes, name);
        if (attrType === undefined) throw new CtyTypeError(path, `unsupported attribute ${JSON.stringify(name)}`);
        const attr = value[name];
        if (attr === undefined) continue; // absent = null
        path.push({ attr: name });
        conformAt(attr, attrType, path);
        path.pop();
      }
      return;
  }
}

/**
 * Checks that `value` is a valid JS representation of a value of `type`, throwing
 * {@link CtyTypeError} with the path of the first problem. Object attributes that are absent
 * (or undefined) count as null; unknowns anywhere are fine if their refinements suit the type.
 */
export function conform(value: CtyValue, type: CtyType, path: CtyPath = []): void {
  conformAt(value, type, [...path]);
}

function refinementKey(r: CtyRefinements | undefined): string {
  if (r === undefined) return '';
  const bound = (b: CtyNumberBound | undefined): string => (b === undefined ? '' : `${numberKey(b.value)}${b.inclusive ? ']' : ')'}`);
  return [r.notNull ? '!' : '', JSON.stringify(r.stringPrefix ?? ''), bound(r.numberLower), bound(r.numberUpper), r.lengthLower ?? '', r.lengthUpper ?? ''].join('|');
}

/**
 * A string equal for equal values of `type` (order-insensitive for sets and maps; unknowns equal
 * only unknowns with the same refinements). Assumes `value` conforms to `type`.
 */
export function valueKey(value: CtyValue | undefined, type: CtyType): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Unknown) return `?${refinementKey(value.refinements)}`;
  switch (type.kind) {
    case 'string':
      return JSON.stringify((value as string).normalize('NFC'));
    case 'number':
      return numberKey(value as CtyNumber);
    case 'bool':
      return value ? 'true' : 'false';
    case 'dynamic': {
      const d = value as CtyDynamic;
      return `<${typeToJsonString(d.type)}>${valueKey(d.value, d.type)}`;
    }
    case 'list':
      return `[${(value as CtyValue[]).map((v) => valueKey(v, type.element)).join(',')}]`;
    case 'tuple':
      return `[${(value as CtyValue[]).map((v, i) => valueKey(v, type.elements[i]!)).join(',')}]`;
    case 'set':
      return `{${[...new Set((value as CtyValue[]).map((v) => valueKey(v, type.element)))].sort().join(',')}}`;
    case 'map': {
      const m = value as CtyObjectValue;
      return `{${sortedKeys(m)
        .map((k) => `${JSON.stringify(k)}:${valueKey(m[k], type.element)}`)
        .join(',')}}`;
    }
    case 'object': {
      const o = value as CtyObjectValue;
      return `{${Object.keys(type.attributes)
        .sort(compareCodePoints)
        .map((k) => `${JSON.stringify(k)}:${valueKey(getOwn(o, k), type.attributes[k]!)}`)
        .join(',')}}`;
    }
  }
}

function equalsAt(a: CtyValue | undefined, b: CtyValue | undefined, type: CtyType): boolean {
  const an = a === undefined ? null : a;
  const bn = b === undefined ? null : b;
  if (an === null || bn === null) return an === bn;
  if (an instanceof Unknown || bn instanceof Unknown) {
    return an instanceof Unknown && bn instanceof Unknown && refinementKey(an.refinements) === refinementKey(bn.refinements);
  }
  switch (type.kind) {
    case 'string':
      return an === bn || (an as string).normalize('NFC') === (bn as string).normalize('NFC');
    case 'bool':
      return an === bn;
    case 'number':
      return numberEquals(an as CtyNumber, bn as CtyNumber);
    case 'dynamic': {
      const da = an as CtyDynamic;
      const db = bn as CtyDynamic;
      return typeEquals(da.type, db.type) && equalsAt(da.value, db.value, da.type);
    }
    case 'list':
    case 'tuple': {
      const la = an as CtyValue[];
      const lb = bn as CtyValue[];
      if (la.length !== lb.length) return false;
      return la.every((v, i) => equalsAt(v, lb[i], type.kind === 'list' ? type.element : type.elements[i]!));
    }
    case 'set':
      return valueKey(an, type) === valueKey(bn, type);
    case 'map': {
      const ma = an as CtyObjectValue;
      const mb = bn as CtyObjectValue;
      const keys = Object.keys(ma);
      if (keys.length !== Object.keys(mb).length) return false;
      return keys.every((k) => Object.prototype.hasOwnProperty.call(mb, k) && equalsAt(ma[k], mb[k], type.element));
    }
    case 'object': {
      const oa = an as CtyObjectValue;
      const ob = bn as CtyObjectValue;
      return Object.keys(type.attributes).every((k) => equalsAt(getOwn(oa, k), getOwn(ob, k), type.attributes[k]!));
    }
  }
}

/**
 * Value equality under `type`: numbers by value (CtyBigNumber vs number too), sets ignore order
 * and duplicates, absent object attributes equal null. Unknowns compare like go-cty's RawEquals:
 * equal only to an unknown with the same refinements. Assumes both values conform to `type`.
 */
export function valueEquals(a: CtyValue, b: CtyValue, type: CtyType): boolean {
  return equalsAt(a, b, type);
}

/** Set elements without duplicates (cty sets hold each known value once; unknowns stay distinct). */
export function dedupeSetElements(elements: readonly CtyValue[], elementType: CtyType): CtyValue[] {
  if (elements.length < 2) return [...elements];
  const seen = new Set<string>();
  const out: CtyValue[] = [];
  for (const e of elements) {
    if (!isWhollyKnown(e)) {
      out.push(e);
      continue;
    }
    const key = valueKey(e, elementType);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}
