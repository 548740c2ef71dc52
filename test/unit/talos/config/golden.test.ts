import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMachineConfigDocuments, serializeMachineConfig, type MachineType } from '../../../../providers/machinery/config';
import { applyPatches, loadPatches } from '../../../../providers/machinery/patch';
import { GOLDEN_CASES, type GoldenCase } from './golden-cases';
import { GOLDEN_DIR, loadTestSecrets } from './support/fixtures';

/**
 * Golden files: generator output checked field by field against talosctl v1.13.9 (the upstream
 * stability golden files and talosctl gen config with the same secrets). Any diff fails; run with
 * UPDATE_GOLDEN=1 to rewrite them after an intended change.
 */
const secrets = loadTestSecrets();
const update = process.env.UPDATE_GOLDEN === '1';

function renderGolden(c: GoldenCase, machineType: MachineType): string {
  let docs = generateMachineConfigDocuments(c.input(secrets, machineType));
  docs = applyPatches(docs, loadPatches(c.patches ?? []));
  docs = applyPatches(docs, loadPatches((machineType === 'controlplane' ? c.patchesControlPlane : c.patchesWorker) ?? []));
  return serializeMachineConfig(docs);
}

describe.each(GOLDEN_CASES)('golden $name', (c) => {
  test.each<MachineType>(['controlplane', 'worker'])('%s', (machineType) => {
    const file = join(GOLDEN_DIR, `${machineType}-${c.name}.yaml`);
    const actual = renderGolden(c, machineType);
    if (update) writeFileSync(file, actual);
    if (!existsSync(file)) throw new Error(`${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});

test('the default control-plane golden has the v1.13 layout of spec §3.2', () => {
  const text = readFileSync(join(GOLDEN_DIR, 'controlplane-default.yaml'), 'utf8');
  const topKeys = (section: string): string[] => {
    const block = text.split(`\n${section}:\n`)[1].split(/\n(?=\S)/)[0];
    return [...block.matchAll(/^ {4}([A-Za-z]+):/gm)].map((m) => m[1]);
  };
  expect(text.startsWith('version: v1alpha1\ndebug: false\npersist: true\nmachine:\n')).toBe(true);
  expect(topKeys('machine')).toEqual(['type', 'token', 'ca', 'certSANs', 'kubelet', 'install', 'features', 'nodeLabels']);
  expect(topKeys('cluster')).toEqual([
    'id',
    'secret',
    'controlPlane',
    'clusterName',
    'network',
    'token',
    'secretboxEncryptionSecret',
    'ca',
    'aggregatorCA',
    'serviceAccount',
    'apiServer',
    'controllerManager',
    'proxy',
    'scheduler',
    'discovery',
    'etcd',
  ]);
  expect(text.endsWith('---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n')).toBe(true);
});
