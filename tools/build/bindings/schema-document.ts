/**
 * The `terraform providers schema -json` document: validated at the edge, and narrowed to the
 * resources and data sources a project actually uses.
 */
import type { ProviderSchema } from '@cdktf/commons';

export type ProviderSchemaDocument = ProviderSchema;
type ProviderEntry = NonNullable<ProviderSchema['provider_schemas']>[string];

/** Which entities get bindings. Omitted = all of them. The provider block itself is always kept. */
export interface EntitySelection {
  resources: readonly string[];
  dataSources: readonly string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function assertSchemaMap(map: unknown, field: string): void {
  if (map === undefined) return;
  if (!isObject(map)) throw new Error(`schemaJson.${field}: expected an object of type name -> schema`);
  for (const [name, entity] of Object.entries(map)) {
    if (!isObject(entity) || !isObject(entity.block)) throw new Error(`schemaJson.${field}["${name}"].block: expected an object`);
  }
}

/**
 * Checks the shape the generator relies on and that `fqpn` is in it, so a wrong file or a schema
 * of another provider fails here with a message instead of deep inside the generator.
 */
export function parseProviderSchemaDocument(json: unknown, fqpn: string): ProviderSchemaDocument {
  if (!isObject(json)) throw new Error('schemaJson: expected the parsed output of `terraform providers schema -json` (an object)');
  if (typeof json.format_version !== 'string') throw new Error('schemaJson.format_version: missing; is this `terraform providers schema -json` output?');
  const schemas = json.provider_schemas;
  if (!isObject(schemas)) throw new Error('schemaJson.provider_schemas: missing; run `terraform init` before `terraform providers schema -json`');
  const entry = schemas[fqpn];
  if (!isObject(entry)) {
    const found = Object.keys(schemas).join(', ') || 'none';
    throw new Error(`schemaJson.provider_schemas: no "${fqpn}" (found: ${found}); check the source option`);
  }
  if (!isObject(entry.provider) || !isObject(entry.provider.block)) {
    throw new Error(`schemaJson.provider_schemas["${fqpn}"].provider.block: expected an object`);
  }
  assertSchemaMap(entry.resource_schemas, `provider_schemas["${fqpn}"].resource_schemas`);
  assertSchemaMap(entry.data_source_schemas, `provider_schemas["${fqpn}"].data_source_schemas`);
  return json as ProviderSchemaDocument;
}

function pick(
  all: Record<string, ProviderEntry['resource_schemas'][string]> | undefined,
  wanted: readonly string[],
  kind: 'resources' | 'dataSources',
  fqpn: string,
): ProviderEntry['resource_schemas'] {
  const available = all ?? {};
  const unknown = wanted.filter((name) => !(name in available));
  if (unknown.length > 0) {
    const hints = unknown.map((name) => {
      // Aliases differ by prefix (`proxmox_pool` vs `proxmox_virtual_environment_pool`): suggest by suffix.
      const tail = name.split('_').slice(1).join('_');
      const near = Object.keys(available).filter((c) => tail && c.endsWith(`_${tail}`));
      return near.length ? `${name} (did you mean ${near.join(' or ')}?)` : name;
    });
    throw new Error(`include.${kind}: not in the ${fqpn} schema: ${hints.join(', ')}`);
  }
  const duplicates = wanted.filter((name, i) => wanted.indexOf(name) !== i);
  if (duplicates.length > 0) throw new Error(`include.${kind}: listed twice: ${[...new Set(duplicates)].join(', ')}`);
  const out: ProviderEntry['resource_schemas'] = {};
  for (const name of [...wanted].sort()) out[name] = available[name];
  return out;
}

/**
 * A document holding only `fqpn` and, when `include` is given, only the listed entities.
 * Shares schema objects with the input (no copy): callers that mutate must clone.
 */
export function selectEntities(doc: ProviderSchemaDocument, fqpn: string, include?: EntitySelection): ProviderSchemaDocument {
  const entry = doc.provider_schemas?.[fqpn];
  if (!entry) throw new Error(`schemaJson.provider_schemas: no "${fqpn}"`);
  if (include !== undefined) {
    for (const kind of ['resources', 'dataSources'] as const) {
      const list: unknown = include?.[kind];
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
        throw new Error(`include.${kind}: expected an array of type names (use [] for none)`);
      }
    }
  }
  const narrowed: ProviderEntry = include
    ? {
        provider: entry.provider,
        resource_schemas: pick(entry.resource_schemas, include.resources, 'resources', fqpn),
        data_source_schemas: pick(entry.data_source_schemas, include.dataSources, 'dataSources', fqpn),
      }
    : { provider: entry.provider, resource_schemas: entry.resource_schemas ?? {}, data_source_schemas: entry.data_source_schemas ?? {} };
  return { format_version: doc.format_version, provider_schemas: { [fqpn]: narrowed } };
}
