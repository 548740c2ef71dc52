/**
 * ResourceDefinitions.meta.cosi.dev (namespace meta): how talosctl resolves `talosctl get disks`
 * to a resource type and namespace. One definition per type the simulator serves, with the
 * aliases COSI derives (ResourceDefinitionSpec.Fill: lower-cased plural and singular, the plural
 * with leading suffix parts, the capitals' abbreviation) and the print columns Talos declares.
 */
import * as protobuf from 'protobufjs';

interface Definition {
  readonly type: string;
  /** The singular of the type's first part (COSI pluralizes with go-pluralize). */
  readonly displayType: string;
  readonly defaultNamespace: string;
  readonly printColumns: readonly { readonly name: string; readonly jsonPath: string }[];
  /** Aliases the type declares besides the automatic ones. */
  readonly aliases?: readonly string[];
}

export const DEFINITIONS: readonly Definition[] = [
  {
    type: 'Disks.block.talos.dev',
    displayType: 'Disk',
    defaultNamespace: 'runtime',
    printColumns: [
      { name: 'Size', jsonPath: '{.pretty_size}' },
      { name: 'Read Only', jsonPath: '{.readonly}' },
      { name: 'Transport', jsonPath: '{.transport}' },
      { name: 'Rotational', jsonPath: '{.rotational}' },
      { name: 'WWID', jsonPath: '{.wwid}' },
      { name: 'Model', jsonPath: '{.model}' },
      { name: 'Serial', jsonPath: '{.serial}' },
    ],
  },
  { type: 'MachineStatuses.runtime.talos.dev', displayType: 'MachineStatus', defaultNamespace: 'runtime', printColumns: [] },
  { type: 'PlatformMetadatas.talos.dev', displayType: 'PlatformMetadata', defaultNamespace: 'runtime', printColumns: [] },
  {
    type: 'ResourceDefinitions.meta.cosi.dev',
    displayType: 'ResourceDefinition',
    defaultNamespace: 'meta',
    printColumns: [{ name: 'Aliases', jsonPath: '{.aliases[:]}' }],
    aliases: ['api-resources'],
  },
];

/** COSI's automatic aliases of a definition: [aliases, allAliases]. */
export function aliasesOf(def: Definition): { aliases: string[]; allAliases: string[] } {
  const [name, ...suffix] = def.type.split('.');
  const aliases = [...(def.aliases ?? []), def.displayType.toLowerCase()];
  const allAliases = [name.toLowerCase()];
  for (let i = 1; i < suffix.length; i++) allAliases.push([name.toLowerCase(), ...suffix.slice(0, i)].join('.'));
  const capitals = name.replace(/[^A-Z]/g, '');
  if (capitals.length > 1) {
    aliases.push(capitals.toLowerCase());
    if (!capitals.endsWith('S')) aliases.push(`${capitals}s`.toLowerCase());
  }
  return { aliases, allAliases: [...allAliases, ...aliases] };
}

let specType: protobuf.Type | undefined;

/** cosi.resource.meta.ResourceDefinitionSpec, declared here: only the simulator serves it. */
function resourceDefinitionSpecType(): protobuf.Type {
  if (!specType) {
    const column = new protobuf.Type('PrintColumn').add(new protobuf.Field('name', 1, 'string')).add(new protobuf.Field('json_path', 2, 'string'));
    specType = new protobuf.Type('ResourceDefinitionSpec')
      .add(new protobuf.Field('resource_type', 1, 'string'))
      .add(new protobuf.Field('display_type', 2, 'string'))
      .add(new protobuf.Field('default_namespace', 3, 'string'))
      .add(new protobuf.Field('aliases', 4, 'string', 'repeated'))
      .add(new protobuf.Field('all_aliases', 5, 'string', 'repeated'))
      .add(new protobuf.Field('print_columns', 6, 'PrintColumn', 'repeated'))
      .add(new protobuf.Field('sensitivity', 7, 'int32'))
      .add(column);
    new protobuf.Root().define('cosi.resource.meta').add(specType);
  }
  return specType;
}

/** The definition as a COSI resource: ID = lower-cased type, proto and YAML spec. */
export function definitionSpec(def: Definition): { id: string; protoSpec: Buffer; yamlSpec: string } {
  const { aliases, allAliases } = aliasesOf(def);
  const type = resourceDefinitionSpecType();
  const message = {
    resource_type: def.type,
    display_type: def.displayType,
    default_namespace: def.defaultNamespace,
    aliases,
    all_aliases: allAliases,
    print_columns: def.printColumns.map((c) => ({ name: c.name, json_path: c.jsonPath })),
    sensitivity: 0,
  };
  const list = (items: readonly string[]): string => (items.length === 0 ? ' []' : `\n${items.map((i) => `    - ${i}`).join('\n')}`);
  const columns = def.printColumns.length === 0 ? ' []' : `\n${def.printColumns.map((c) => `    - name: ${c.name}\n      jsonPath: '${c.jsonPath}'`).join('\n')}`;
  const yamlSpec = `type: ${def.type}\ndisplayType: ${def.displayType}\ndefaultNamespace: ${def.defaultNamespace}\naliases:${list(aliases)}\nallAliases:${list(allAliases)}\nprintColumns:${columns}\n`;
  return { id: def.type.toLowerCase(), protoSpec: Buffer.from(type.encode(type.fromObject(message)).finish()), yamlSpec };
}
