/**
 * PVE property strings (`local-lvm:vm-100-disk-0,discard=on,size=32G`): parse against a format
 * the way PVE's parse_property_string does (default key, aliases, booleans, unknown keys) and
 * print them the way print_property_string does (default key first, then keys sorted).
 */
import { checkNamedFormat } from './formats';
import type { PropSchema, PropertyFormat } from './types';

export type PropertyValues = Record<string, string>;

/** Thrown with PVE's message; callers prefix it with `invalid format - `. */
export class PropertyStringError extends Error {
  constructor(
    message: string,
    readonly errors: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
  /** The text PVE's exception stringifies to (message, then `key: error` lines). */
  describe(): string {
    const lines = Object.entries(this.errors).map(([k, v]) => `${k}: ${v}`);
    return [this.message, ...lines].join('\n');
  }
}

function defaultKeyOf(format: PropertyFormat): string | undefined {
  return Object.keys(format).find((k) => format[k].defaultKey);
}

const TRUE_RE = /^(1|on|yes|true)$/i;
const FALSE_RE = /^(0|off|no|false)$/i;

function normaliseBoolean(value: string): string {
  if (TRUE_RE.test(value)) return '1';
  if (FALSE_RE.test(value)) return '0';
  return value;
}

/** Parses `data`; `path` is the parameter name used in nested error keys (`scsi0.size`). */
export function parsePropertyString(format: PropertyFormat, data: string, path: string): PropertyValues {
  const res: PropertyValues = {};
  let defaultKeyUsed = false;
  for (const part of data.split(',')) {
    if (/^\s*$/.test(part)) continue;
    const kv = /^([^=]+)=(.+)$/s.exec(part);
    if (kv) {
      let key = kv[1];
      let value = kv[2];
      if (res[key] !== undefined) throw new PropertyStringError(`duplicate key in comma-separated list property: ${key}`);
      let schema: PropSchema | undefined = format[key];
      if (schema?.alias) {
        // `virtio=MAC`: the key itself is recorded under keyAlias (`model`), the value under alias (`macaddr`).
        if (schema.keyAlias) {
          if (res[schema.keyAlias] !== undefined) throw new PropertyStringError(`key alias '${schema.keyAlias}' is already defined`);
          res[schema.keyAlias] = key;
        }
        const target = schema.alias;
        if (res[target] !== undefined) throw new PropertyStringError(`key '${target}' is already defined (via alias)`);
        key = target;
        schema = format[target];
      }
      if (!schema) throw new PropertyStringError(`invalid key in comma-separated list property: ${key}`);
      if (schema.type === 'boolean') value = normaliseBoolean(value);
      res[key] = value;
    } else if (!part.includes('=')) {
      const dk = defaultKeyOf(format);
      if (!dk) throw new PropertyStringError('value without key, but schema does not define a default key');
      if (defaultKeyUsed || res[dk] !== undefined) throw new PropertyStringError(`duplicate key in comma-separated list property: ${dk}`);
      defaultKeyUsed = true;
      res[dk] = format[dk].type === 'boolean' ? normaliseBoolean(part) : part;
    } else {
      throw new PropertyStringError('missing key in comma-separated list property');
    }
  }
  const errors = checkPropertyValues(format, res, path);
  if (Object.keys(errors).length > 0) throw new PropertyStringError('format error', errors);
  return res;
}

function checkPropertyValues(format: PropertyFormat, values: PropertyValues, path: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, schema] of Object.entries(format)) {
    if (schema.alias) continue;
    const value = values[key];
    const at = `${path}.${key}`;
    if (value === undefined) {
      if (!schema.optional) errors[at] = 'property is missing and it is not optional';
      continue;
    }
    const err = checkScalar(schema, value);
    if (err) errors[at] = err;
  }
  return errors;
}

/** Type, format, pattern, length, range and enum checks with PVE's messages. */
export function checkScalar(schema: PropSchema & { minLength?: number }, value: string): string | undefined {
  switch (schema.type) {
    case 'integer':
      if (!/^-?\d+$/.test(value)) return `type check ('integer') failed - got '${value}'`;
      break;
    case 'number':
      if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value)) return `type check ('number') failed - got '${value}'`;
      break;
    case 'boolean':
      if (!TRUE_RE.test(value) && !FALSE_RE.test(value)) return `type check ('boolean') failed - got '${value}'`;
      break;
    default:
      break;
  }
  if (schema.format) {
    const err = checkNamedFormat(schema.format, value);
    if (err) return `invalid format - ${err}`;
  }
  if (schema.pattern && !new RegExp(`^(?:${schema.pattern})$`).test(value)) return 'value does not match the regex pattern';
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return `value may only be ${schema.maxLength} characters long`;
  if (schema.minLength !== undefined && value.length < schema.minLength) return `value must be at least ${schema.minLength} characters long`;
  if ((schema.type === 'integer' || schema.type === 'number') && Number.isFinite(Number(value))) {
    if (schema.maximum !== undefined && Number(value) > schema.maximum) return `value must have a maximum value of ${schema.maximum}`;
    if (schema.minimum !== undefined && Number(value) < schema.minimum) return `value must have a minimum value of ${schema.minimum}`;
  }
  if (schema.enum && !schema.enum.includes(value)) return `value '${value}' does not have a value in the enumeration '${schema.enum.join(', ')}'`;
  return undefined;
}

/**
 * Prints values like print_property_string: the default key's bare value first (combined with its
 * alias as `virtio=<mac>` when the format has key aliases, as net devices do), then the others sorted.
 */
export function printPropertyString(format: PropertyFormat, values: PropertyValues): string {
  const parts: string[] = [];
  const done = new Set<string>();
  const dk = defaultKeyOf(format);
  if (dk && values[dk] !== undefined) {
    const combined = Object.values(format).find((s) => s.keyAlias === dk)?.alias;
    if (combined && values[combined] !== undefined) {
      parts.push(`${values[dk]}=${values[combined]}`);
      done.add(combined);
    } else {
      parts.push(values[dk]);
    }
    done.add(dk);
  }
  for (const key of Object.keys(values).sort()) {
    if (done.has(key) || values[key] === undefined) continue;
    parts.push(`${key}=${values[key]}`);
  }
  return parts.join(',');
}
