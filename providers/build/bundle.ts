/** Bundles a provider entry point and its .proto files into one CommonJS file (esbuild). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from './catalog';

/**
 * .proto files shipped with every provider bundle: beside the bundle in `bundleDir`, and as
 * single-executable assets named `<assetPrefix><relative path>` (see readShippedFile).
 */
const PROTO_SETS = [
  { source: 'providers/runtime/proto', bundleDir: 'proto', assetPrefix: '' },
  { source: 'providers/talos/api/proto', bundleDir: 'talos-api-proto', assetPrefix: 'talos-api/' },
];

export interface ShippedFile {
  /** Path relative to the bundle directory. */
  readonly bundlePath: string;
  readonly assetName: string;
  readonly file: string;
}

function walk(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(dir, path.join(rel, e.name)) : e.name.endsWith('.proto') ? [path.join(rel, e.name)] : [],
  );
}

export function protoFiles(): ShippedFile[] {
  return PROTO_SETS.flatMap(({ source, bundleDir, assetPrefix }) =>
    walk(path.join(REPO_ROOT, source))
      .sort()
      .map((rel) => ({ bundlePath: path.join(bundleDir, rel), assetName: `${assetPrefix}${rel}`, file: path.join(REPO_ROOT, source, rel) })),
  );
}

/** Writes `<outDir>/provider.cjs` and `<outDir>/proto/*.proto`; output is deterministic for the same sources. */
export function bundleProvider(entry: string, outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, 'provider.cjs');
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: false,
    legalComments: 'none',
    logLevel: 'error',
  });
  for (const { bundlePath, file } of protoFiles()) {
    fs.mkdirSync(path.dirname(path.join(outDir, bundlePath)), { recursive: true });
    fs.copyFileSync(file, path.join(outDir, bundlePath));
  }
  return outfile;
}
