/**
 * Bundles a provider entry point for Node (esbuild).
 *
 * Terraform starts a provider three to five times per command and most starts only answer
 * schema and plan calls, so a start should not read, compile and hash code that only handlers
 * run. A provider package therefore holds:
 *   provider.cjs        the entry: runs provider-code.cjs through an on-disk V8 code cache
 *                       (providers/runtime/boot), on every supported Node
 *   provider-code.cjs   the provider, bundled
 *   node_modules/<name>/index.js
 *                       each library only handlers use (LAZY_LIBRARIES), bundled on its own and
 *                       found by Node the first time a handler requires it; they import nothing of
 *                       ours, so each exists once per process
 * A single executable takes one self-contained file instead (`singleFile`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';
import { REPO_ROOT } from './catalog';

/** Packages our code loads only inside handlers (through `lazy()` or from lazily loaded modules). */
export const LAZY_LIBRARIES = ['yaml', '@peculiar/x509', 'reflect-metadata'] as const;

const BOOT_ENTRY = path.join(REPO_ROOT, 'providers/runtime/boot/main.ts');

export interface BundleOptions {
  /** One self-contained `provider.cjs`, no code cache (single executables read no files beside them). */
  readonly singleFile?: boolean;
}

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: false,
  legalComments: 'none',
  logLevel: 'error',
};

/** Writes the package files into `outDir` and returns the file to run; deterministic for the same sources. */
export function bundleProvider(entry: string, outDir: string, options: BundleOptions = {}): string {
  fs.mkdirSync(outDir, { recursive: true });
  const main = path.join(outDir, 'provider.cjs');
  if (options.singleFile) {
    buildSync({ ...COMMON, entryPoints: [entry], outfile: main });
    return main;
  }
  const code = path.join(outDir, 'provider-code.cjs');
  const result = buildSync({ ...COMMON, entryPoints: [entry], outfile: code, external: [...LAZY_LIBRARIES], metafile: true });
  const referenced = new Set(Object.values(result.metafile!.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)));
  for (const name of LAZY_LIBRARIES.filter((n) => referenced.has(n))) {
    buildSync({ ...COMMON, entryPoints: [require.resolve(name)], outfile: path.join(outDir, 'node_modules', name, 'index.js') });
  }
  buildSync({ ...COMMON, entryPoints: [BOOT_ENTRY], outfile: main });
  return main;
}
