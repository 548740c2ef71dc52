/**
 * Rebuilds the pinned bpg/proxmox provider (cached), reads its schema through the filesystem
 * mirror and regenerates the committed bindings in providers/bindings/proxmox/.
 *
 *   npx tsx tools/build/generate-proxmox-bindings.ts          # regenerate in place
 *   npx tsx tools/build/generate-proxmox-bindings.ts --check  # exit 1 if the committed bindings drift
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateProviderBindings, MANIFEST_FILE, type EntitySelection, type GeneratedBindings } from './bindings/generate';
import { readProviderSchemaFromMirror } from './bindings/read-schema';
import { describeTreeDiff, diffTrees, isSameTree, type TreeDiff } from './bindings/tree-diff';
import { BPG_PROXMOX, ensureProxmoxProvider, REPO_ROOT } from './proxmox-provider';

export const PROXMOX_BINDINGS_DIR = path.join(REPO_ROOT, 'providers', 'bindings', 'proxmox');

/**
 * Only what the stacks use gets bindings: the full schema (115 resources, 91 data sources) is
 * ~90k lines of TypeScript that every `tsc` run would check. Framework resources use their short
 * `proxmox_*` names (the long `proxmox_virtual_environment_*` aliases are deprecated); SDKv2
 * resources exist only under the long name. Add a type here and regenerate to use it.
 */
export const PROXMOX_BINDINGS_INCLUDE: EntitySelection = {
  resources: [
    'proxmox_virtual_environment_vm',
    'proxmox_download_file',
    'proxmox_network_linux_bridge',
    'proxmox_network_linux_vlan',
    'proxmox_sdn_zone_simple',
    'proxmox_sdn_zone_vlan',
    'proxmox_sdn_vnet',
    'proxmox_sdn_subnet',
    'proxmox_sdn_applier',
    'proxmox_virtual_environment_pool',
    'proxmox_virtual_environment_cluster_firewall',
    'proxmox_virtual_environment_firewall_options',
    'proxmox_virtual_environment_firewall_rules',
    'proxmox_virtual_environment_firewall_ipset',
    'proxmox_cluster_options',
  ],
  dataSources: ['proxmox_virtual_environment_nodes', 'proxmox_datastores', 'proxmox_version'],
};

export interface ProxmoxBindingsRun {
  generated: GeneratedBindings;
  schemaSeconds: number;
  generateSeconds: number;
}

/** Builds/reuses the provider, reads its schema offline and generates into `outDir`. */
export async function generateProxmoxBindings(outDir: string = PROXMOX_BINDINGS_DIR): Promise<ProxmoxBindingsRun> {
  const provider = await ensureProxmoxProvider();
  let t = process.hrtime.bigint();
  const schemaJson = await readProviderSchemaFromMirror({ source: BPG_PROXMOX.source, version: BPG_PROXMOX.version, mirrorDir: provider.mirrorDir });
  const schemaSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  const generated = await generateProviderBindings({
    schemaJson,
    source: BPG_PROXMOX.source,
    version: BPG_PROXMOX.version,
    outDir,
    include: PROXMOX_BINDINGS_INCLUDE,
  });
  return { generated, schemaSeconds, generateSeconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

/** Regenerates into a scratch directory and compares with the committed bindings (manifest included). */
export async function checkProxmoxBindings(committedDir: string = PROXMOX_BINDINGS_DIR): Promise<{ diff: TreeDiff; run: ProxmoxBindingsRun }> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ptc-bindings-check-'));
  try {
    const run = await generateProxmoxBindings(path.join(scratch, 'proxmox'));
    return { diff: await diffTrees(committedDir, run.generated.outDir), run };
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const { diff, run } = await checkProxmoxBindings();
    if (!isSameTree(diff)) {
      process.stderr.write(
        `bindings in ${PROXMOX_BINDINGS_DIR} drift from ${BPG_PROXMOX.source} ${BPG_PROXMOX.version}:\n${describeTreeDiff(diff)}\nrun: npx tsx tools/build/generate-proxmox-bindings.ts\n`,
      );
      process.exit(1);
    }
    process.stderr.write(`bindings up to date (${run.generated.files.length} files, schema ${run.generated.manifest.schemaSha256.slice(0, 12)}…)\n`);
    return;
  }
  const { generated, schemaSeconds, generateSeconds } = await generateProxmoxBindings();
  const m = generated.manifest;
  process.stderr.write(
    [
      `schema read in ${schemaSeconds.toFixed(2)} s, bindings generated in ${generateSeconds.toFixed(2)} s`,
      `${generated.resourceTypes.length} resources, ${generated.dataSourceTypes.length} data sources, ${m.files} files -> ${path.relative(REPO_ROOT, generated.outDir)}`,
      `${MANIFEST_FILE}: ${m.source} ${m.version} schema sha256 ${m.schemaSha256}`,
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`generate-proxmox-bindings: ${err.message}\n`);
    process.exit(1);
  });
}
