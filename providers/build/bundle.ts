/**
 * Bundles a provider entry point into one CommonJS file (esbuild).
 *
 * Terraform starts a provider three to five times per command and most starts only answer
 * schema and plan calls, so a start should not read, compile and hash code that only handlers
 * run. Libraries only handlers use (LAZY_LIBRARIES) are therefore bundled on their own beside
 * the provider, as `node_modules/<name>/index.js`, where Node finds them the first time a
 * handler requires them. They import nothing of ours, so each exists once per process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';

/** Packages our code loads only inside handlers (through `lazy()` or from lazily loaded modules). */
export const LAZY_LIBRARIES = ['yaml', '@peculiar/x509', 'reflect-metadata'] as const;

export interface BundleOptions {
  /** Bundle LAZY_LIBRARIES apart (default). Off for single executables, which read no files beside them. */
  readonly splitLazyLibraries?: boolean;
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

/** Writes `<outDir>/provider.cjs` (and the lazy libraries it names); output is deterministic for the same sources. */
export function bundleProvider(entry: string, outDir: string, options: BundleOptions = {}): string {
  const split = options.splitLazyLibraries ?? true;
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, 'provider.cjs');
  const result = buildSync({ ...COMMON, entryPoints: [entry], outfile, external: split ? [...LAZY_LIBRARIES] : [], metafile: true });
  if (!split) return outfile;
  const referenced = new Set(
    Object.values(result.metafile!.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)),
  );
  for (const name of LAZY_LIBRARIES.filter((n) => referenced.has(n))) {
    buildSync({ ...COMMON, entryPoints: [require.resolve(name)], outfile: path.join(outDir, 'node_modules', name, 'index.js') });
  }
  return outfile;
}
