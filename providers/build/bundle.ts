/** Bundles a provider entry point and its .proto files into one CommonJS file (esbuild). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from './catalog';

const PROTO_DIRS = ['providers/runtime/proto'];

export function protoFiles(): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  for (const dir of PROTO_DIRS) {
    const abs = path.join(REPO_ROOT, dir);
    for (const name of fs.readdirSync(abs).filter((f) => f.endsWith('.proto')).sort()) out.push({ name, file: path.join(abs, name) });
  }
  return out;
}

/** Writes `<outDir>/provider.cjs` and `<outDir>/proto/*.proto`; output is deterministic for the same sources. */
export function bundleProvider(entry: string, outDir: string): string {
  fs.mkdirSync(path.join(outDir, 'proto'), { recursive: true });
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
  for (const { name, file } of protoFiles()) fs.copyFileSync(file, path.join(outDir, 'proto', name));
  return outfile;
}
