/**
 * Loads our Talos API .proto files (written from the Talos v1.13 facts, only what we use).
 * Sources: beside this module; in a bundle, a `talos-api-proto/` folder beside it; in a Node
 * single-executable build, SEA assets named `talos-api/<file>`.
 */
import * as path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import { readShippedFile } from '../../../runtime/proto/load';

/** Every file, in dependency order. */
export const TALOS_PROTO_FILES = [
  'google/rpc/status.proto',
  'common.proto',
  'machine.proto',
  'storage.proto',
  'cosi.proto',
  'resource-specs.proto',
] as const;

export type TalosProtoFile = (typeof TALOS_PROTO_FILES)[number];

/** The well-known types our files import; protobufjs ships them. */
const WELL_KNOWN = [
  'google/protobuf/any.proto',
  'google/protobuf/duration.proto',
  'google/protobuf/empty.proto',
  'google/protobuf/timestamp.proto',
];

export function talosProtoText(file: TalosProtoFile): string {
  return readShippedFile(file, 'talos-api/', [__dirname, path.join(__dirname, 'talos-api-proto')]);
}

/** keepCase (field names as on the wire), 64-bit integers as strings, enums by name, proto3 defaults filled in. */
export const TALOS_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

let cachedRoot: protobuf.Root | undefined;

/** The protobufjs root holding every Talos message we declare (used to decode COSI specs). */
export function talosProtoRoot(): protobuf.Root {
  if (cachedRoot) return cachedRoot;
  const root = new protobuf.Root();
  for (const name of WELL_KNOWN) {
    const json = (protobuf.common as unknown as Record<string, protobuf.INamespace>)[name];
    root.addJSON(json.nested ?? {});
  }
  for (const file of TALOS_PROTO_FILES) protobuf.parse(talosProtoText(file), root, { keepCase: true });
  root.resolveAll();
  cachedRoot = root;
  return root;
}

let cachedDefinition: protoLoader.PackageDefinition | undefined;

/** grpc-js package definition for machine.MachineService, storage.StorageService and cosi.resource.State. */
export function talosPackageDefinition(): protoLoader.PackageDefinition {
  cachedDefinition ??= protoLoader.fromJSON(talosProtoRoot().toJSON(), TALOS_LOADER_OPTIONS);
  return cachedDefinition;
}
