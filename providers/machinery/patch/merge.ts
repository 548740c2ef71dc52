import { cloneValue, isConfigObject, type ConfigObject, type ConfigValue } from '../config/document';
import type { FieldSpec, TypeSpec } from '../config/types/type-spec';

/**
 * Talos' strategic merge of one document into another (pkg/machinery/config/merge semantics):
 * - scalars: the patch value wins unless it is the zero value; booleans always win; under a
 *   pointer (an explicitly set field) zero values win too;
 * - lists are appended, except `merge:"replace"` fields (podSubnets, serviceSubnets, auditPolicy)
 *   and byte strings, which are replaced; network interfaces, VLANs, admission plugins and
 *   extension config files merge element-wise on their key;
 * - maps merge per key (extraArgs values are replaced per key); structs merge per field;
 * - free-form maps merge recursively; values of different types are an error.
 */
export class MergeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Merges `right` into `left` (both decoded documents of the same struct type); returns the result. */
export function mergeStruct(left: ConfigObject, right: ConfigObject, spec: TypeSpec & { kind: 'struct' }, path = ''): ConfigObject {
  const out: ConfigObject = { ...left };
  mergeFieldsInto(out, right, spec, path);
  return out;
}

function mergeFieldsInto(out: ConfigObject, right: ConfigObject, spec: TypeSpec & { kind: 'struct' }, path: string): void {
  for (const field of spec.fields) {
    if (field.inline && field.type.kind === 'struct') {
      mergeFieldsInto(out, right, field.type, path);
      continue;
    }
    const merged = mergeField(out[field.name], right[field.name], field, join(path, field.name));
    if (merged === undefined) delete out[field.name];
    else out[field.name] = merged;
  }
}

function mergeField(left: ConfigValue | undefined, right: ConfigValue | undefined, field: FieldSpec, path: string): ConfigValue | undefined {
  if (field.pointer) {
    // A nil pointer on the right changes nothing; a nil pointer on the left takes the right as is.
    if (right === undefined || right === null) return left;
    if (left === undefined || left === null) return cloneValue(right);
    return mergeValue(left, right, field.type, field.replace, true, path);
  }
  if (field.type.kind === 'scalar' && field.type.scalar === 'bool') {
    // Non-pointer booleans: false is the zero value but Go merges booleans unconditionally.
    return right === true ? true : undefined;
  }
  if (right === undefined) return left;
  if (left === undefined) return cloneValue(right);
  return mergeValue(left, right, field.type, field.replace, false, path);
}

function isZeroScalar(value: ConfigValue, spec: TypeSpec): boolean {
  if (spec.kind === 'scalar' && spec.scalar === 'duration') return value === '0s' || value === '';
  return value === '' || value === 0 || value === null;
}

function mergeValue(left: ConfigValue, right: ConfigValue, spec: TypeSpec, replace: boolean, overwrite: boolean, path: string): ConfigValue {
  switch (spec.kind) {
    case 'scalar':
      if (spec.scalar === 'bool') return right;
      if (spec.scalar === 'bytes') return right === '' ? left : right;
      return isZeroScalar(right, spec) && !overwrite ? left : right;
    case 'list': {
      if (!Array.isArray(left) || !Array.isArray(right)) throw new MergeError(path, 'expected lists');
      if (right.length === 0) return left;
      if (replace) return cloneValue(right);
      if (spec.mergeKeys) return mergeKeyedList(left, right, spec.item, spec.mergeKeys, path);
      return [...left, ...right.map((v) => cloneValue(v))];
    }
    case 'map': {
      if (!isConfigObject(left) || !isConfigObject(right)) throw new MergeError(path, 'expected mappings');
      if (Object.keys(right).length === 0) return left;
      if (replace) return cloneValue(right);
      const out: ConfigObject = { ...left };
      for (const [k, v] of Object.entries(right)) {
        const existing = out[k];
        out[k] = existing === undefined || existing === null ? cloneValue(v) : mergeValue(existing, v, spec.value, false, false, join(path, k));
      }
      return out;
    }
    case 'args': {
      if (!isConfigObject(left) || !isConfigObject(right)) throw new MergeError(path, 'expected mappings');
      if (Object.keys(right).length === 0) return left;
      return { ...left, ...cloneValue(right) };
    }
    case 'any': {
      if (!isConfigObject(left) || !isConfigObject(right)) throw new MergeError(path, 'expected mappings');
      if (Object.keys(right).length === 0) return left;
      if (replace) return cloneValue(right);
      return mergeAny(left, right, path) as ConfigObject;
    }
    case 'struct': {
      if (!isConfigObject(left) || !isConfigObject(right)) throw new MergeError(path, `expected a mapping for ${spec.name}`);
      if (replace) return Object.keys(right).length === 0 ? left : cloneValue(right);
      const out: ConfigObject = { ...left };
      mergeFieldsInto(out, right, spec, path);
      return out;
    }
  }
}

function goType(value: ConfigValue): string {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return '[]interface {}';
  if (isConfigObject(value)) return 'map[string]interface {}';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  return typeof value === 'boolean' ? 'bool' : 'string';
}

/** Free-form (map[string]any) merge: per key; lists append; types must agree. */
function mergeAny(left: ConfigValue, right: ConfigValue, path: string): ConfigValue {
  if (isConfigObject(left) && isConfigObject(right)) {
    const out: ConfigObject = { ...left };
    for (const [k, v] of Object.entries(right)) {
      const existing = out[k];
      if (existing === undefined || existing === null) {
        out[k] = cloneValue(v);
        continue;
      }
      if (goType(existing) !== goType(v)) throw new MergeError(join(path, k), `merge type mismatch left ${goType(existing)} right ${goType(v)}`);
      out[k] = mergeAny(existing, v, join(path, k));
    }
    return out;
  }
  if (Array.isArray(left) && Array.isArray(right)) return right.length === 0 ? left : [...left, ...right.map((v) => cloneValue(v))];
  if (typeof right === 'boolean') return right;
  return right === '' || right === 0 ? left : right;
}

function keyOf(item: ConfigValue, key: string): ConfigValue | undefined {
  return isConfigObject(item) ? item[key] : undefined;
}

function sameKey(a: ConfigValue | undefined, b: ConfigValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Element-wise list merge: an element whose key (the first of `keys` that is set on it, e.g. the
 * interface name, else its device selector) matches an existing element merges into it, others append.
 */
function mergeKeyedList(left: ConfigValue[], right: ConfigValue[], item: TypeSpec, keys: readonly string[], path: string): ConfigValue[] {
  const out = [...left];
  right.forEach((element, i) => {
    const key = keys.find((k) => {
      const v = keyOf(element, k);
      return v !== undefined && v !== '' && v !== null;
    });
    const index = key === undefined ? -1 : out.findIndex((existing) => sameKey(keyOf(existing, key), keyOf(element, key)));
    // VLANs and admission plugins match on their key even when it is the zero value.
    const zeroKeyIndex = key === undefined && keys.length === 1 ? out.findIndex((existing) => sameKey(keyOf(existing, keys[0]), keyOf(element, keys[0]))) : -1;
    const target = index >= 0 ? index : zeroKeyIndex;
    if (target >= 0 && item.kind === 'struct') {
      out[target] = mergeValue(out[target], element, item, false, false, `${path}[${i}]`);
    } else out.push(cloneValue(element));
  });
  return out;
}
