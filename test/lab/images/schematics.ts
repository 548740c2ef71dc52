/**
 * Image Factory's schematic store, for the lab's image server: `POST /schematics` decodes the
 * YAML strictly into the schematic structure (unknown fields and wrong types are a 400), marshals
 * it canonically as the factory does (go-yaml: 4-space indent, struct field order, empty fields
 * omitted, `customization` always present, YAML 1.1 scalars quoted), and answers
 * `201 {"id": sha256(canonical), "schematic": canonical}`. The same schematic always gets the same
 * ID; `GET /schematics/<id>` returns the canonical YAML.
 *
 * The canonical form is built here with the yaml library's emitter, independently of the
 * provider's offline computation, so the provider's ID check compares two implementations.
 */
import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';

export class SchematicError extends Error {}

type Json = Record<string, unknown>;

/** A field: its name and how its value decodes (returns undefined when empty, i.e. omitted). */
type Field = readonly [name: string, decode: (value: unknown, path: string) => unknown];

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(value: unknown, path: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw new SchematicError(`${path}: cannot unmarshal ${typeof value} into string`);
  return value === '' ? undefined : value;
}

function strList(value: unknown, path: string): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw new SchematicError(`${path}: cannot unmarshal into []string`);
  const out = value.map((v, i) => {
    if (typeof v !== 'string') throw new SchematicError(`${path}[${i}]: cannot unmarshal ${typeof v} into string`);
    return v;
  });
  return out.length ? out : undefined;
}

function uint(max: number) {
  return (value: unknown, path: string): number | undefined => {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw new SchematicError(`${path}: must be a whole number 0-${max}`);
    return value === 0 ? undefined : value;
  };
}

function bool(value: unknown, path: string): boolean | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new SchematicError(`${path}: cannot unmarshal ${typeof value} into bool`);
  return value || undefined;
}

function struct(fields: readonly Field[], keepEmpty = false) {
  return (value: unknown, path: string): Json | undefined => {
    if (value === null || value === undefined) return keepEmpty ? {} : undefined;
    if (!isMap(value)) throw new SchematicError(`${path || 'schematic'}: must be a mapping`);
    const names = fields.map(([n]) => n);
    for (const key of Object.keys(value)) if (!names.includes(key)) throw new SchematicError(`field ${key} not found in type ${path || 'schematic'}`);
    const out: Json = {};
    for (const [name, decode] of fields) {
      const v = decode(value[name], path ? `${path}.${name}` : name);
      if (v !== undefined) out[name] = v;
    }
    return Object.keys(out).length || keepEmpty ? out : undefined;
  };
}

const meta = (value: unknown, path: string): Json[] | undefined => {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw new SchematicError(`${path}: cannot unmarshal into a list of key/value`);
  const decode = struct([
    ['key', (v, p) => uint(255)(v, p) ?? 0],
    ['value', (v, p) => str(v, p) ?? ''],
  ]);
  const out = value.map((v, i) => decode(v, `${path}[${i}]`) as Json);
  return out.length ? out : undefined;
};

const options = (value: unknown, path: string): Json | undefined => {
  if (value === null || value === undefined) return undefined;
  if (!isMap(value)) throw new SchematicError(`${path}: must be a mapping`);
  // go-yaml marshals a map with its keys sorted.
  const sorted = Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return Object.keys(sorted).length ? sorted : undefined;
};

// Field order is image-factory's pkg/schematic struct declaration order.
const decodeSchematic = struct([
  ['owner', (v, p) => (str(v, p) === undefined ? undefined : fail(`${p}: owner field is only supported in Enterprise edition`))],
  [
    'overlay',
    struct([
      ['image', (v, p) => str(v, p) ?? ''],
      ['name', (v, p) => str(v, p) ?? ''],
      ['options', options],
    ]),
  ],
  [
    'customization',
    struct(
      [
        ['embeddedMachineConfiguration', str],
        ['extraKernelArgs', strList],
        ['meta', meta],
        ['systemExtensions', struct([['officialExtensions', strList]])],
        ['bootloader', (v, p) => oneOf(str(v, p), ['auto', 'dual-boot', 'grub', 'sd-boot'], p)],
        [
          'secureboot',
          struct([
            ['enrollKeys', (v, p) => oneOf(str(v, p), ['off', 'manual', 'if-safe', 'force'], p)],
            ['includeWellKnownCertificates', bool],
          ]),
        ],
        ['diskImage', struct([['sectorSize', uint(2 ** 32 - 1)]])],
      ],
      true,
    ),
  ],
]);

function fail(message: string): never {
  throw new SchematicError(message);
}

function oneOf(value: string | undefined, allowed: readonly string[], path: string): string | undefined {
  if (value !== undefined && !allowed.includes(value)) fail(`${path}: must be one of ${allowed.join(', ')}`);
  return value;
}

/** The canonical YAML of a schematic document, or a SchematicError (the factory's 400). */
export function canonicalSchematic(body: string): string {
  let doc: unknown;
  try {
    doc = parse(body, { uniqueKeys: true, version: '1.1' });
  } catch (err) {
    throw new SchematicError(`yaml: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const decoded = decodeSchematic(doc ?? {}, '') ?? { customization: {} };
  if (!('customization' in decoded)) decoded.customization = {};
  return stringify(decoded, { version: '1.1', indent: 4, indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false });
}

/** Content-addressed schematic storage: what the factory keeps, by ID. */
export class SchematicStore {
  private readonly byId = new Map<string, string>();

  /** Registers a schematic; the same document always gets the same ID. */
  put(body: string): { id: string; schematic: string } {
    const schematic = canonicalSchematic(body);
    const id = createHash('sha256').update(schematic).digest('hex');
    this.byId.set(id, schematic);
    return { id, schematic };
  }

  get(id: string): string | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }
}
