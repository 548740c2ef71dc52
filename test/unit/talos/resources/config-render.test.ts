/** What talos_machine_configuration_apply sends: input (+ its own patches), hash, host name; and timeouts. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AttributeError } from '../../../../providers/runtime';
import { configurationHash, configuredHostname, renderMachineConfiguration } from '../../../../providers/talos/resources/machine-configuration-apply/config-render';
import { timeoutMs, timeoutProblem, upgradeBlocksToNestedAttributes } from '../../../../providers/talos/resources/common/timeouts';
import { formatDurationMs } from '../../../../providers/kernel/duration';
import { GOLDEN_DIR } from '../config/support/fixtures';

const worker = readFileSync(join(GOLDEN_DIR, 'worker-proxmox-node.yaml'), 'utf8');

function thrown(fn: () => unknown): AttributeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AttributeError) return err;
    throw err;
  }
  throw new Error('expected an AttributeError');
}

describe('renderMachineConfiguration', () => {
  test('without patches the input is sent byte for byte', () => {
    expect(renderMachineConfiguration(worker, null)).toBe(worker);
    expect(renderMachineConfiguration(worker, [])).toBe(worker);
  });

  test('patches are applied and the result keeps every other field', () => {
    const patched = renderMachineConfiguration(worker, ['machine:\n  nodeLabels:\n    lab/tier: edge\n']);
    const [v1] = parseAllDocuments(patched).map((d) => d.toJS());
    // Strategic merge: the patch's label joins the ones the input had.
    expect(v1.machine.nodeLabels).toEqual({ 'topology.kubernetes.io/zone': 'pve-a', 'lab/tier': 'edge' });
    const [original] = parseAllDocuments(worker).map((d) => d.toJS());
    expect(v1.machine.token).toBe(original.machine.token);
    expect(v1.cluster.id).toBe(original.cluster.id);
    expect(patched).not.toBe(worker);
    // Same patches, same bytes: a re-plan stays empty.
    expect(renderMachineConfiguration(worker, ['machine:\n  nodeLabels:\n    lab/tier: edge\n'])).toBe(patched);
  });

  test('a broken patch is reported on config_patches, a broken input on machine_configuration_input', () => {
    const bad = thrown(() => renderMachineConfiguration(worker, ['machine:\n  notAField: 1\n']));
    expect(bad.path).toBe('config_patches');
    expect(bad.message).toMatch(/notAField/);
    const input = thrown(() => renderMachineConfiguration('not: [a config', ['machine:\n  nodeLabels: {a: b}\n']));
    expect(input.path).toBe('machine_configuration_input');
    expect(thrown(() => renderMachineConfiguration('  \n', null)).message).toMatch(/is empty/);
  });
});

describe('configurationHash and configuredHostname', () => {
  test('hash is the SHA-256 hex of the text', () => {
    expect(configurationHash(worker)).toBe(createHash('sha256').update(worker).digest('hex'));
    expect(configurationHash(`${worker}\n`)).not.toBe(configurationHash(worker));
  });

  test('host name from a HostnameConfig document or machine.network.hostname', () => {
    expect(configuredHostname(worker)).toBe('demo-worker-1');
    expect(configuredHostname('version: v1alpha1\nmachine:\n  network:\n    hostname: legacy-1\n')).toBe('legacy-1');
    expect(configuredHostname(readFileSync(join(GOLDEN_DIR, 'worker-default.yaml'), 'utf8'))).toBeUndefined();
    expect(configuredHostname(': not yaml [')).toBeUndefined();
  });
});

describe('timeouts', () => {
  test('Go durations; 10m when unset', () => {
    expect(timeoutMs(null, 'create')).toBe(600_000);
    expect(timeoutMs({ create: null }, 'create')).toBe(600_000);
    expect(timeoutMs({ create: '90s', update: '1h30m' }, 'update')).toBe(5_400_000);
    expect(timeoutMs({ create: '250ms' }, 'create')).toBe(250);
  });

  test('bad values name the syntax', () => {
    expect(timeoutProblem('10 minutes')).toMatch(/Go duration syntax such as 30s, 10m/);
    expect(timeoutProblem('0s')).toMatch(/longer than zero/);
    expect(timeoutProblem('-1m')).toMatch(/longer than zero/);
    expect(timeoutProblem('5m')).toBeUndefined();
    expect(() => timeoutMs({ delete: 'soon' }, 'delete')).toThrow(/timeouts\.delete: "soon" is not a duration/);
  });

  test('messages print durations as Go does', () => {
    expect(formatDurationMs(600_000)).toBe('10m0s');
    expect(formatDurationMs(3000)).toBe('3s');
    expect(formatDurationMs(1500)).toBe('1.5s');
    expect(formatDurationMs(90_000)).toBe('1m30s');
  });

  test('the upgrade from block-shaped state keeps objects and null, and refuses anything else', () => {
    const upgrade = upgradeBlocksToNestedAttributes('timeouts', 'on_destroy');
    const state = { id: 'x', timeouts: { create: '1m', update: null }, on_destroy: null };
    expect(upgrade(state)).toEqual(state);
    expect(() => upgrade({ timeouts: [{ create: '1m' }] })).toThrow(/timeouts of schema version 0 is not an object/);
  });
});
