/** Converts a schema declaration to the tfplugin6 Schema message (plain object for proto-loader). */
import { typeToJson } from '../cty';
import type { Attributes, Blocks, SchemaDef } from './attributes';

const NAME = /^[a-z0-9_]+$/;

export interface ProtoAttribute {
  name: string;
  type: Buffer;
  /** Set for nested attributes, whose `type` is then empty (Terraform derives it). */
  nested_type?: { attributes: ProtoAttribute[]; nesting: 'SINGLE' };
  description: string;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  deprecated: boolean;
  write_only: boolean;
}

export interface ProtoBlock {
  version: number;
  attributes: ProtoAttribute[];
  block_types: ProtoNestedBlock[];
  description: string;
  deprecated: boolean;
}

export interface ProtoNestedBlock {
  type_name: string;
  block: ProtoBlock;
  nesting: 'SINGLE' | 'LIST' | 'SET';
  min_items: number;
  max_items: number;
}

export interface ProtoSchema {
  version: number;
  block: ProtoBlock;
}

/**
 * Checks the rules Terraform enforces on schemas (a violation makes Terraform reject or even
 * panic on the provider), so a bad declaration fails at provider start with a precise message.
 */
function checkNames(where: string, attributes: Attributes, blocks: Blocks): void {
  for (const name of [...Object.keys(attributes), ...Object.keys(blocks)]) {
    if (!NAME.test(name)) throw new Error(`${where}: name "${name}" must match ${NAME}`);
  }
  for (const name of Object.keys(blocks)) {
    if (name in attributes) throw new Error(`${where}: "${name}" is both an attribute and a block`);
  }
}

function toAttributes(where: string, attributes: Attributes): ProtoAttribute[] {
  return Object.entries(attributes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, def]) => {
      const hasDefault = def.default !== undefined;
      if (hasDefault && def.mode !== 'optional') throw new Error(`${where}.${name}: only optional attributes take a default`);
      if (def.writeOnly && isComputed(def)) throw new Error(`${where}.${name}: a write-only attribute is never stored, so it cannot be computed or take a default`);
      if (def.nested) checkNames(`${where}.${name}`, def.nested.attributes, {});
      return {
        name,
        // A nested attribute declares its object through nested_type; its type bytes stay empty.
        type: def.nested ? Buffer.alloc(0) : Buffer.from(JSON.stringify(typeToJson(def.type))),
        ...(def.nested ? { nested_type: { attributes: toAttributes(`${where}.${name}`, def.nested.attributes), nesting: 'SINGLE' as const } } : {}),
        description: def.description ?? '',
        required: def.mode === 'required',
        optional: def.mode === 'optional',
        // An optional attribute with a default (or a planned value) must be computed too,
        // otherwise Terraform rejects the planned default as differing from the null config.
        computed: isComputed(def),
        sensitive: def.sensitive ?? false,
        deprecated: def.deprecated ?? false,
        write_only: def.writeOnly ?? false,
      };
    });
}

function toBlock(where: string, version: number, description: string | undefined, attributes: Attributes, blocks: Blocks): ProtoBlock {
  checkNames(where, attributes, blocks);
  return {
    version,
    description: description ?? '',
    deprecated: false,
    attributes: toAttributes(where, attributes),
    block_types: Object.entries(blocks)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, def]) => {
        const min = def.nesting === 'single' ? 0 : (def.minItems ?? 0);
        const max = def.nesting === 'single' ? 0 : (def.maxItems ?? 0);
        if (max > 0 && min > max) throw new Error(`${where}.${name}: minItems ${min} exceeds maxItems ${max}`);
        if (def.nesting === 'set') assertNoWriteOnly(`${where}.${name}`, def);
        return {
          type_name: name,
          nesting: def.nesting === 'single' ? 'SINGLE' : def.nesting === 'list' ? 'LIST' : 'SET',
          min_items: min,
          max_items: max,
          block: toBlock(`${where}.${name}`, 0, def.description, def.attributes, def.blocks),
        } satisfies ProtoNestedBlock;
      }),
  };
}

/**
 * Terraform accepts write-only attributes only in managed resources, and not inside set blocks
 * (a set element is identified by its whole value, which a write-only part would hide).
 */
export function assertNoWriteOnly(where: string, shape: { attributes: Attributes; blocks: Blocks }): void {
  for (const [name, def] of Object.entries(shape.attributes)) {
    if (def.writeOnly) throw new Error(`${where}.${name}: write-only attributes are allowed only in managed resources, outside set blocks`);
    if (def.nested) assertNoWriteOnly(`${where}.${name}`, def.nested);
  }
  for (const [name, def] of Object.entries(shape.blocks)) assertNoWriteOnly(`${where}.${name}`, def);
}

export function schemaToProto(where: string, schema: SchemaDef): ProtoSchema {
  if (schema.version < 0 || !Number.isInteger(schema.version)) throw new Error(`${where}: schema version must be a whole number >= 0`);
  return { version: schema.version, block: toBlock(where, schema.version, schema.description, schema.attributes, schema.blocks) };
}

/** Whether the attribute is computed from Terraform's point of view. */
export function isComputed(def: { mode: string; default?: unknown; computedPlan?: unknown }): boolean {
  return def.mode === 'computed' || (def.mode === 'optional' && (def.default !== undefined || def.computedPlan !== undefined));
}
