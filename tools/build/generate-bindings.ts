/**
 * `npm run generate:bindings`: regenerates the CDKTF bindings of our own providers from the
 * schemas their handlers declare, into providers/bindings/<type>/. A unit test fails when the
 * committed bindings drift from this output.
 */
import * as path from 'node:path';
import type { ProviderDefinition } from '../../providers/runtime';
import type { SchemaDef } from '../../providers/runtime/schema/attributes';
import { generateProviderBindings, type GeneratedBindings } from './bindings/generate';
import { PROVIDERS, providerSource, REPO_ROOT, type ProviderPackage } from './catalog';
import { providerSchemaJson } from './provider-schema-json';

export const BINDINGS_DIR = path.join(REPO_ROOT, 'providers', 'bindings');

export function loadDefinition(p: ProviderPackage): ProviderDefinition<SchemaDef, unknown> {
  const mod = require(p.definition) as { provider?: ProviderDefinition<SchemaDef, unknown> };
  if (!mod.provider) throw new Error(`${p.definition} must export the provider definition as "provider"`);
  if (mod.provider.version !== p.version) {
    throw new Error(`${p.definition}: provider version ${mod.provider.version} differs from the catalog's ${p.version}; keep them equal`);
  }
  return mod.provider;
}

export async function generateOwnBindings(p: ProviderPackage, outDir = path.join(BINDINGS_DIR, p.type)): Promise<GeneratedBindings> {
  const source = providerSource(p);
  return generateProviderBindings({ schemaJson: providerSchemaJson(source, loadDefinition(p)), source, version: p.version, outDir });
}

async function main(): Promise<void> {
  for (const p of PROVIDERS) {
    const res = await generateOwnBindings(p);
    process.stderr.write(`bindings for ${providerSource(p)} ${p.version}: ${path.relative(process.cwd(), res.outDir)} (${res.files.length} files)\n`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
