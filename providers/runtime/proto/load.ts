/**
 * Loads our .proto files. In a Node single-executable build they are SEA assets; otherwise
 * they sit beside this module (sources) or beside the bundle (`proto/` next to it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';

function seaAsset(name: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sea = require('node:sea') as { isSea(): boolean; getAsset(key: string, encoding: string): string };
    return sea.isSea() ? sea.getAsset(name, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Text of a shipped data file (a .proto): the SEA asset `<assetPrefix><file>` in a single
 * executable, else the first of `dirs` that holds it.
 */
export function readShippedFile(file: string, assetPrefix: string, dirs: readonly string[]): string {
  const fromSea = seaAsset(`${assetPrefix}${file}`);
  if (fromSea !== undefined) return fromSea;
  for (const dir of dirs) {
    const candidate = path.join(dir, file);
    if (fs.existsSync(candidate)) return fs.readFileSync(candidate, 'utf8');
  }
  throw new Error(`protocol definition ${file} not found in ${dirs.join(', ')}`);
}

export function protoText(file: string): string {
  return readShippedFile(file, '', [__dirname, path.join(__dirname, 'proto')]);
}

/** Options from the protocol facts: defaults on (proto3 zero values), keepCase, longs as strings. */
export const LOADER_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export function loadPackageDefinition(files: readonly string[]): protoLoader.PackageDefinition {
  const root = new protobuf.Root();
  for (const file of files) protobuf.parse(protoText(file), root, { keepCase: true });
  root.resolveAll();
  return protoLoader.fromJSON(root.toJSON(), LOADER_OPTIONS);
}
