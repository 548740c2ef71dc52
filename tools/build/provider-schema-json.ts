/**
 * Our providers' schemas in the `terraform providers schema -json` format, produced straight
 * from the handler declarations (no Terraform, no process), for binding generation.
 */
import type { ProviderDefinition } from '../../providers/runtime';
import type { SchemaDef } from '../../providers/runtime/schema/attributes';
import { schemaToProto, type ProtoAttribute, type ProtoBlock } from '../../providers/runtime/schema/to-proto';

interface JsonBlock {
  attributes?: Record<string, Record<string, unknown>>;
  block_types?: Record<string, Record<string, unknown>>;
  description?: string;
  description_kind: 'plain';
}

/** Attributes as `terraform providers schema -json` prints them: a nested attribute has nested_type instead of type. */
function attributesToJson(attributes: readonly ProtoAttribute[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    attributes.map((a) => [
      a.name,
      {
        ...(a.nested_type
          ? { nested_type: { attributes: attributesToJson(a.nested_type.attributes), nesting_mode: a.nested_type.nesting.toLowerCase() } }
          : { type: JSON.parse(a.type.toString('utf8')) }),
        ...(a.description ? { description: a.description } : {}),
        description_kind: 'plain',
        ...(a.required ? { required: true } : {}),
        ...(a.optional ? { optional: true } : {}),
        ...(a.computed ? { computed: true } : {}),
        ...(a.sensitive ? { sensitive: true } : {}),
        ...(a.deprecated ? { deprecated: true } : {}),
        ...(a.write_only ? { write_only: true } : {}),
      },
    ]),
  );
}

function blockToJson(block: ProtoBlock): JsonBlock {
  const out: JsonBlock = { description_kind: 'plain' };
  if (block.description) out.description = block.description;
  if (block.attributes.length) out.attributes = attributesToJson(block.attributes);
  if (block.block_types.length) {
    out.block_types = Object.fromEntries(
      block.block_types.map((b) => [
        b.type_name,
        {
          nesting_mode: b.nesting.toLowerCase(),
          block: blockToJson(b.block),
          ...(b.min_items ? { min_items: b.min_items } : {}),
          ...(b.max_items ? { max_items: b.max_items } : {}),
        },
      ]),
    );
  }
  return out;
}

function entry(where: string, schema: SchemaDef) {
  const proto = schemaToProto(where, schema);
  return { version: proto.version, block: blockToJson(proto.block) };
}

export function providerSchemaJson<P>(source: string, def: ProviderDefinition<SchemaDef, P>) {
  return {
    format_version: '1.0',
    provider_schemas: {
      [source]: {
        provider: entry(`provider ${def.typeName}`, def.schema),
        resource_schemas: Object.fromEntries(def.resources.map((r) => [`${def.typeName}_${r.name}`, entry(r.name, r.schema)])),
        data_source_schemas: Object.fromEntries(def.dataSources.map((d) => [`${def.typeName}_${d.name}`, entry(d.name, d.schema)])),
      },
    },
  };
}
