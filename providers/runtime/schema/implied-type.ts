/** The cty object type Terraform derives from a schema: one attribute per attribute and per block. */
import { t, type CtyType } from '../cty';
import type { Attributes, BlockDef, Blocks, SchemaDef } from './attributes';

export function blockImpliedType(attributes: Attributes, blocks: Blocks): CtyType {
  const fields: Record<string, CtyType> = {};
  for (const [name, def] of Object.entries(attributes)) fields[name] = def.type;
  for (const [name, def] of Object.entries(blocks)) fields[name] = nestedBlockType(def);
  return t.object(fields);
}

export function nestedBlockType(def: BlockDef<Attributes, Blocks>): CtyType {
  const inner = blockImpliedType(def.attributes, def.blocks);
  switch (def.nesting) {
    case 'single':
      return inner;
    case 'list':
      return t.list(inner);
    case 'set':
      return t.set(inner);
  }
}

export function schemaImpliedType(schema: SchemaDef): CtyType {
  return blockImpliedType(schema.attributes, schema.blocks);
}
