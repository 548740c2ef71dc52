import { documentApiVersion, documentKind, documentLabel, isConfigObject, V1ALPHA1, type ConfigDocument, type ConfigObject, type ConfigValue } from './document';
import { formatGoDuration, parseGoDuration } from '../../kernel/duration';
import { documentSpec, visibleFields, type FieldSpec, type TypeSpec } from './types/type-spec';
import { emitDocument, type EmitNode } from './yaml/emitter';
import { compareGoKeys, formatGoFloat, resolvePlain } from './yaml/go-scalars';
import { parseYamlDocuments, type RawNode } from './yaml/parse';

/**
 * Decoding and encoding of Talos machine-config documents with the Go semantics Talos applies:
 * strict fields (unknown keys are errors), typed scalars, Go zero values for absent fields,
 * omitempty and pointer rules on output, maps in the Go library's key order.
 */
export class ConfigDecodeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

type StructSpec = TypeSpec & { kind: 'struct' };

// ---------------------------------------------------------------- decoding

/** Parses machine-config YAML (one or more documents) into documents, validating every field. */
export function parseMachineConfig(text: string): ConfigDocument[] {
  return parseYamlDocuments(text).map((raw) => decodeDocument(raw));
}

/** The spec of a document given its raw root mapping (what Talos' decoder does with apiVersion/kind). */
export function rawDocumentKind(raw: RawNode): { kind: string; apiVersion: string; name?: string } {
  if (raw.kind !== 'map') throw new ConfigDecodeError('', `expected a YAML mapping document at line ${raw.line}`);
  const scalar = (key: string): string | undefined => {
    const v = raw.entries.find((e) => e.key === key)?.value;
    return v && v.kind === 'scalar' ? v.text : undefined;
  };
  const legacy = raw.entries.some((e) => ['machine', 'cluster', 'debug', 'persist'].includes(e.key));
  const kind = scalar('kind');
  const apiVersion = scalar('apiVersion');
  const name = scalar('name');
  if (!kind && (legacy || scalar('version') === V1ALPHA1) && !apiVersion) return { kind: V1ALPHA1, apiVersion: '' };
  if (!kind) throw new ConfigDecodeError('', `missing kind (document at line ${raw.line})`);
  if (!apiVersion) throw new ConfigDecodeError('', `missing apiVersion (document ${kind} at line ${raw.line})`);
  return name === undefined ? { kind, apiVersion } : { kind, apiVersion, name };
}

export function decodeDocument(raw: RawNode): ConfigDocument {
  const { kind, apiVersion } = rawDocumentKind(raw);
  const spec = documentSpec(kind);
  if (!spec || (kind !== V1ALPHA1 && apiVersion !== 'v1alpha1')) {
    throw new ConfigDecodeError('', `unknown document type "${kind}" with apiVersion "${apiVersion}" (line ${raw.line})`);
  }
  const label = kind === V1ALPHA1 ? '' : kind;
  const decoded = decodeStruct(raw, spec, label);
  return decoded ?? {};
}

function describe(raw: RawNode): string {
  if (raw.kind === 'map') return '!!map';
  if (raw.kind === 'seq') return '!!seq';
  return raw.plain ? `!!${resolvePlain(raw.text).tag} \`${raw.text}\`` : `!!str \`${raw.text}\``;
}

function isNull(raw: RawNode): boolean {
  return raw.kind === 'scalar' && raw.plain && resolvePlain(raw.text).tag === 'null';
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function decodeStruct(raw: RawNode, spec: StructSpec, path: string): ConfigObject | undefined {
  if (isNull(raw)) return undefined;
  if (raw.kind !== 'map') throw new ConfigDecodeError(path, `line ${raw.line}: cannot unmarshal ${describe(raw)} into ${spec.name}`);
  const fields = visibleFields(spec);
  const out: ConfigObject = {};
  for (const entry of raw.entries) {
    const field = fields.find((f) => f.name === entry.key);
    if (!field) throw new ConfigDecodeError(join(path, entry.key), `line ${entry.line}: field ${entry.key} not found in type ${spec.name}`);
    const value = decodeField(entry.value, field, join(path, entry.key));
    if (value !== undefined) out[field.name] = value;
  }
  return out;
}

/** Decodes a struct field; undefined means the Go zero value (the field stays absent). */
function decodeField(raw: RawNode, field: FieldSpec, path: string): ConfigValue | undefined {
  if (isNull(raw)) return undefined;
  const value = decodeValue(raw, field.type, path);
  if (value === undefined) return undefined;
  if (!field.pointer && isZeroValue(value, field.type)) return undefined;
  return value;
}

function decodeValue(raw: RawNode, spec: TypeSpec, path: string): ConfigValue | undefined {
  switch (spec.kind) {
    case 'struct': {
      const obj = decodeStruct(raw, spec, path);
      return obj ?? undefined;
    }
    case 'list': {
      if (isNull(raw)) return undefined;
      if (raw.kind !== 'seq') throw new ConfigDecodeError(path, `line ${raw.line}: cannot unmarshal ${describe(raw)} into a list`);
      return raw.items.map((item, i) => decodeValue(item, spec.item, `${path}[${i}]`) ?? zeroValue(spec.item));
    }
    case 'map': {
      if (isNull(raw)) return undefined;
      if (raw.kind !== 'map') throw new ConfigDecodeError(path, `line ${raw.line}: cannot unmarshal ${describe(raw)} into a map`);
      const out: ConfigObject = {};
      for (const entry of raw.entries) out[entry.key] = decodeValue(entry.value, spec.value, join(path, entry.key)) ?? zeroValue(spec.value);
      return out;
    }
    case 'args': {
      if (isNull(raw)) return undefined;
      if (raw.kind !== 'map') throw new ConfigDecodeError(path, `line ${raw.line}: cannot unmarshal ${describe(raw)} into extra arguments`);
      const out: ConfigObject = {};
      for (const entry of raw.entries) {
        const v = entry.value;
        if (v.kind === 'seq') {
          out[entry.key] = v.items.map((item, i) => {
            if (item.kind !== 'scalar') throw new ConfigDecodeError(`${join(path, entry.key)}[${i}]`, 'expected a string');
            return item.text;
          });
        } else if (v.kind === 'scalar') out[entry.key] = isNull(v) ? '' : v.text;
        else throw new ConfigDecodeError(join(path, entry.key), `line ${v.line}: expected a string or a list of strings`);
      }
      return out;
    }
    case 'any': {
      if (isNull(raw)) return undefined;
      if (raw.kind !== 'map') throw new ConfigDecodeError(path, `line ${raw.line}: cannot unmarshal ${describe(raw)} into a mapping`);
      return decodeAny(raw);
    }
    case 'scalar':
      return decodeScalar(raw, spec.scalar, path);
  }
}

/** Free-form YAML as Go decodes it into interface values. */
export function decodeAny(raw: RawNode): ConfigValue {
  if (raw.kind === 'map') {
    const out: ConfigObject = {};
    for (const entry of raw.entries) out[entry.key] = decodeAny(entry.value);
    return out;
  }
  if (raw.kind === 'seq') return raw.items.map((item) => decodeAny(item));
  if (!raw.plain) return raw.text;
  const r = resolvePlain(raw.text);
  return r.tag === 'timestamp' || r.tag === 'merge' ? raw.text : r.value;
}

function decodeScalar(raw: RawNode, kind: string, path: string): ConfigValue | undefined {
  if (raw.kind !== 'scalar') throw new ConfigDecodeError(path, `line ${raw.line}: cannot unmarshal ${describe(raw)} into ${kind}`);
  const resolved = raw.plain ? resolvePlain(raw.text) : { tag: 'str' as const, value: raw.text };
  const fail = (): never => {
    throw new ConfigDecodeError(path, `line ${raw.line}: cannot unmarshal ${describe(raw)} into ${kind}`);
  };
  switch (kind) {
    case 'string':
      return raw.text;
    case 'scalar':
      return resolved.tag === 'str' || resolved.tag === 'timestamp' ? raw.text : resolved.value;
    case 'bool':
      return resolved.tag === 'bool' ? (resolved.value as boolean) : fail();
    case 'int':
    case 'uint':
    case 'filemode': {
      if (resolved.tag !== 'int') return fail();
      const n = resolved.value as number;
      if (kind !== 'int' && n < 0) return fail();
      return n;
    }
    case 'float':
      return resolved.tag === 'int' || resolved.tag === 'float' ? (resolved.value as number) : fail();
    case 'duration': {
      if (resolved.tag === 'int' && resolved.value === 0) return '0s';
      const ns = parseGoDuration(raw.text);
      return ns === undefined ? fail() : formatGoDuration(ns);
    }
    case 'bytes': {
      // Talos stores certificates/keys as base64 text; re-encoding normalises the padding.
      const text = raw.text.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
        throw new ConfigDecodeError(path, `line ${raw.line}: illegal base64 data`);
      }
      return Buffer.from(text, 'base64').toString('base64');
    }
    default:
      return fail();
  }
}

// ---------------------------------------------------------------- zero values

/** Go's zero value of a type in the document representation. */
export function zeroValue(spec: TypeSpec): ConfigValue {
  switch (spec.kind) {
    case 'struct':
    case 'map':
    case 'args':
    case 'any':
      return {};
    case 'list':
      return [];
    case 'scalar':
      switch (spec.scalar) {
        case 'bool':
          return false;
        case 'int':
        case 'uint':
        case 'float':
        case 'filemode':
          return 0;
        case 'duration':
          return '0s';
        default:
          return '';
      }
  }
}

/** yaml's isZero: what omitempty omits (a present pointer is never zero; callers check that). */
export function isZeroValue(value: ConfigValue | undefined, spec: TypeSpec): boolean {
  if (value === undefined || value === null) return true;
  switch (spec.kind) {
    case 'struct': {
      if (!isConfigObject(value)) return false;
      return spec.fields.every((f) => {
        if (f.inline && f.type.kind === 'struct') return isZeroValue(value, f.type);
        const v = value[f.name];
        if (v === undefined) return true;
        return !f.pointer && isZeroValue(v, f.type);
      });
    }
    case 'list':
      return Array.isArray(value) && value.length === 0;
    case 'map':
    case 'args':
    case 'any':
      return isConfigObject(value) && Object.keys(value).length === 0;
    case 'scalar':
      if (spec.scalar === 'duration') return value === '0s' || value === '';
      return value === '' || value === 0 || value === false;
  }
}

// ---------------------------------------------------------------- encoding

/** Serialises documents the way Talos does: the v1alpha1 document first, `---` between documents. */
export function encodeMachineConfig(docs: readonly ConfigDocument[]): string {
  const ordered = [...docs.filter((d) => documentKind(d) === V1ALPHA1), ...docs.filter((d) => documentKind(d) !== V1ALPHA1)];
  return ordered.map((doc) => encodeDocument(doc)).join('---\n');
}

export function encodeDocument(doc: ConfigDocument): string {
  const kind = documentKind(doc);
  const spec = documentSpec(kind);
  if (!spec) throw new ConfigDecodeError('', `unknown document type "${kind}" with apiVersion "${documentApiVersion(doc)}"`);
  return emitDocument(encodeStruct(doc, spec, kind === V1ALPHA1 ? '' : documentLabel(doc)));
}

function encodeStruct(obj: ConfigObject, spec: StructSpec, path: string): EmitNode & { t: 'map' } {
  const known = new Set(visibleFields(spec).map((f) => f.name));
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) throw new ConfigDecodeError(join(path, key), `field ${key} not found in type ${spec.name}`);
  }
  const entries: [string, EmitNode][] = [];
  appendStructFields(entries, obj, spec, path);
  return { t: 'map', entries };
}

function appendStructFields(entries: [string, EmitNode][], obj: ConfigObject, spec: StructSpec, path: string): void {
  for (const field of spec.fields) {
    if (field.inline && field.type.kind === 'struct') {
      appendStructFields(entries, obj, field.type, path);
      continue;
    }
    const value = obj[field.name];
    const fieldPath = join(path, field.name);
    if (value === undefined) {
      if (field.omitempty) continue;
      entries.push([field.name, field.pointer ? { t: 'plain', text: 'null' } : encodeValue(zeroValue(field.type), field.type, fieldPath)]);
      continue;
    }
    if (field.omitempty && !field.pointer && isZeroValue(value, field.type)) continue;
    if (field.omitempty && field.pointer && value === null) continue;
    entries.push([field.name, encodeValue(value, field.type, fieldPath)]);
  }
}

function encodeValue(value: ConfigValue, spec: TypeSpec, path: string): EmitNode {
  if (value === null) return { t: 'plain', text: 'null' };
  switch (spec.kind) {
    case 'struct':
      if (!isConfigObject(value)) throw new ConfigDecodeError(path, `expected a mapping for ${spec.name}`);
      return encodeStruct(value, spec, path);
    case 'list':
      if (!Array.isArray(value)) throw new ConfigDecodeError(path, 'expected a list');
      return { t: 'seq', items: value.map((item, i) => encodeValue(item, spec.item, `${path}[${i}]`)) };
    case 'map':
      if (!isConfigObject(value)) throw new ConfigDecodeError(path, 'expected a mapping');
      return {
        t: 'map',
        entries: sortedKeys(value).map((k) => [k, encodeValue(value[k], spec.value, join(path, k))] as const),
      };
    case 'args':
      if (!isConfigObject(value)) throw new ConfigDecodeError(path, 'expected a mapping');
      return {
        t: 'map',
        entries: sortedKeys(value).map((k) => {
          const v = value[k];
          if (Array.isArray(v)) return [k, { t: 'seq', items: v.map((s) => ({ t: 'str', value: String(s) }) as EmitNode) }] as const;
          return [k, { t: 'str', value: String(v) }] as const;
        }),
      };
    case 'any':
      return encodeAny(value);
    case 'scalar':
      return encodeScalar(value, spec.scalar, path);
  }
}

function sortedKeys(obj: ConfigObject): string[] {
  return Object.keys(obj).sort(compareGoKeys);
}

/** Free-form values: maps sorted as Go sorts map keys. */
export function encodeAny(value: ConfigValue): EmitNode {
  if (value === null) return { t: 'plain', text: 'null' };
  if (Array.isArray(value)) return { t: 'seq', items: value.map((v) => encodeAny(v)) };
  if (isConfigObject(value)) return { t: 'map', entries: sortedKeys(value).map((k) => [k, encodeAny(value[k])] as const) };
  if (typeof value === 'string') return { t: 'str', value };
  if (typeof value === 'boolean') return { t: 'plain', text: String(value) };
  return { t: 'plain', text: Number.isInteger(value) && Math.abs(value) < 1e21 ? String(value) : formatGoFloat(value) };
}

function encodeScalar(value: ConfigValue, kind: string, path: string): EmitNode {
  switch (kind) {
    case 'bool':
      if (typeof value !== 'boolean') throw new ConfigDecodeError(path, `expected a boolean, got ${JSON.stringify(value)}`);
      return { t: 'plain', text: String(value) };
    case 'int':
    case 'uint':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new ConfigDecodeError(path, `expected an integer, got ${JSON.stringify(value)}`);
      return { t: 'plain', text: String(value) };
    case 'float':
      if (typeof value !== 'number') throw new ConfigDecodeError(path, `expected a number, got ${JSON.stringify(value)}`);
      return { t: 'plain', text: formatGoFloat(value) };
    case 'filemode':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new ConfigDecodeError(path, `expected a file mode, got ${JSON.stringify(value)}`);
      return { t: 'plain', text: `0o${value.toString(8)}` };
    case 'duration': {
      const ns = typeof value === 'string' ? parseGoDuration(value) : undefined;
      if (ns === undefined) throw new ConfigDecodeError(path, `expected a duration such as 8760h, got ${JSON.stringify(value)}`);
      return { t: 'str', value: formatGoDuration(ns) };
    }
    case 'scalar':
      return typeof value === 'string' ? { t: 'str', value } : encodeAny(value);
    default:
      if (typeof value !== 'string') throw new ConfigDecodeError(path, `expected a string, got ${JSON.stringify(value)}`);
      return { t: 'str', value };
  }
}
