/**
 * Parameter verification with PVE's rules and messages: unknown keys rejected, required keys
 * enforced, scalars type-checked, property strings parsed, `-list` arrays joined (PVE's legacy
 * normalisation of repeated form keys), `requires` honoured.
 */
import { ParamError } from '../http/errors';
import { PropertyStringError, checkScalar, parsePropertyString } from './property-string';
import type { ParamSchema, ParamSchemas, Params } from './types';

/** Raw request values: form/query strings (repeated keys become arrays) or JSON scalars. */
export type RawParams = Record<string, unknown>;

/** Finds the declaration for a concrete key: `net3` matches `net[n]` when 3 <= maxIndex. */
export function schemaFor(schemas: ParamSchemas, key: string): ParamSchema | undefined {
  const direct = schemas[key];
  if (direct) return direct;
  const m = /^([a-z][a-z0-9_-]*?)(\d+)$/i.exec(key);
  if (!m) return undefined;
  const indexed = schemas[`${m[1]}[n]`];
  if (!indexed) return undefined;
  const index = Number(m[2]);
  if (String(index) !== m[2]) return undefined;
  return indexed.maxIndex === undefined || index <= indexed.maxIndex ? indexed : undefined;
}

function asText(value: unknown): string | string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(asText(v)));
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function normaliseBoolean(value: string): string {
  if (/^(1|on|yes|true)$/i.test(value)) return '1';
  return '0';
}

/** Validates `raw` against `schemas`; throws ParamError with every problem found (as PVE collects them). */
export function validateParams(schemas: ParamSchemas, raw: RawParams): Params {
  const errors: Record<string, string> = {};
  const out: Params = {};
  for (const [key, rawValue] of Object.entries(raw)) {
    const schema = schemaFor(schemas, key);
    if (!schema) {
      errors[key] = 'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    let value = asText(rawValue);
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (schema.type === 'array') {
        out[key] = value;
        continue;
      }
      if (schema.type === 'string' && typeof schema.format === 'string' && schema.format.endsWith('-list')) {
        value = value.join(',');
      } else {
        errors[key] = `type check ('${schema.type}') failed - got ARRAY`;
        continue;
      }
    }
    if (schema.type === 'array') {
      out[key] = [value];
      continue;
    }
    const err = checkParam(key, schema, value);
    if (err) {
      errors[key] = err;
      continue;
    }
    out[key] = schema.type === 'integer' || schema.type === 'number' ? Number(value) : schema.type === 'boolean' ? Number(normaliseBoolean(value)) : value;
  }
  for (const [key, schema] of Object.entries(schemas)) {
    if (key.endsWith('[n]')) continue;
    if (!schema.optional && out[key] === undefined && errors[key] === undefined) errors[key] = 'property is missing and it is not optional';
    if (schema.requires && out[key] !== undefined && out[schema.requires] === undefined && errors[key] === undefined) {
      errors[schema.requires] = `missing property required by '${key}'`;
    }
  }
  if (Object.keys(errors).length > 0) throw new ParamError(errors);
  return out;
}

function checkParam(key: string, schema: ParamSchema, value: string): string | undefined {
  if (typeof schema.format === 'object') {
    try {
      parsePropertyString(schema.format, value, key);
    } catch (err) {
      if (err instanceof PropertyStringError) return `invalid format - ${err.describe()}\n`;
      throw err;
    }
  }
  return checkScalar(
    {
      type: schema.type === 'array' ? 'string' : schema.type,
      enum: schema.enum,
      pattern: schema.pattern,
      minimum: schema.minimum,
      maximum: schema.maximum,
      maxLength: schema.maxLength,
      minLength: schema.minLength,
      format: typeof schema.format === 'string' ? schema.format : undefined,
    },
    value,
  );
}
