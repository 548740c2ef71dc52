import { FaultInjector, validateFault } from '../../../lab/proxmox/faults';
import { optionsFromArgs } from '../../../lab/proxmox/main';
import { validateClusterSpec } from '../../../lab/proxmox/state/store';
import type { TaskRecord } from '../../../lab/proxmox/state/model';

describe('standalone entry point options', () => {
  it('maps flags to simulator options', () => {
    expect(optionsFromArgs(['--state', '/tmp/s.json', '--port', '8006', '--nodes', 'pve1, pve2', '--task-ms', '100', '--remote-urls', 'offline'])).toEqual({
      host: undefined,
      port: 8006,
      stateFile: '/tmp/s.json',
      cluster: { nodes: ['pve1', 'pve2'] },
      timings: { taskMs: 100 },
      urls: { remote: 'offline' },
      requestLogFile: undefined,
      envFile: '/tmp/s.json.env',
    });
  });
  it('names the flag and the fix when input is wrong', () => {
    expect(() => optionsFromArgs([])).toThrow('--state: give the state file (created when missing)');
    expect(() => optionsFromArgs(['--state', 's', '--port', '70000'])).toThrow('--port: must be at most 65535');
    expect(() => optionsFromArgs(['--state', 's', '--task-ms', 'fast'])).toThrow("--task-ms: expected a non-negative integer, got 'fast'");
    expect(() => optionsFromArgs(['--state', 's', '--remote-urls', 'internet'])).toThrow("--remote-urls: 'synthetic' or 'offline', not 'internet'");
    expect(() => optionsFromArgs(['--state', 's', '--bogus'])).toThrow();
  });
  it('validates cluster specs', () => {
    expect(() => validateClusterSpec({ nodes: ['pve1', 'pve1'] })).toThrow('nodes: node names must be unique');
    expect(() => validateClusterSpec({ nodes: ['pve_1'] })).toThrow("nodes: 'pve_1' is not a valid PVE node name (letters, digits, inner dashes)");
    expect(() => validateClusterSpec({ storages: { nas: { type: 'nfs', content: ['images'], shared: true, totalBytes: 1 } } })).toThrow('storages.nas.path: file-based storage needs a path');
  });
});

describe('fault rules', () => {
  const task = (type: string, id: string): TaskRecord => ({
    upid: 'u',
    node: 'pve1',
    pid: 1,
    pstart: 1,
    starttime: 1,
    type,
    id,
    user: 'root@pam',
    status: 'running',
    log: [],
    endsAt: 0,
    action: { kind: type },
  });

  it('match by method/path and task type/id, and stop after `times`', () => {
    const f = new FaultInjector();
    const h = f.add({ kind: 'http-error', match: { method: 'get', path: /config$/ }, status: 500, message: 'boom', times: 1 });
    expect(f.forRequest('POST', '/nodes/pve1/qemu/100/config')).toBeUndefined();
    expect(f.forRequest('GET', '/nodes/pve1/qemu/100/config')?.kind).toBe('http-error');
    expect(f.forRequest('GET', '/nodes/pve1/qemu/100/config')).toBeUndefined();
    expect(h.fired()).toBe(1);
    f.add({ kind: 'task-error', match: { type: 'qmstart', id: '100' }, message: 'no' });
    expect(f.forTask(task('qmstart', '101'))).toBeUndefined();
    expect(f.forTask(task('qmstart', '100'))).toEqual({ fail: 'no' });
    f.add({ kind: 'storage-full', storage: 'local-lvm', node: 'pve2' });
    expect(f.storageFull('local-lvm', 'pve1')).toBe(false);
    expect(f.storageFull('local-lvm', 'pve2')).toBe(true);
    f.clear();
    expect(f.list()).toEqual([]);
  });
  it('reject malformed rules with the field to fix', () => {
    expect(() => validateFault({ kind: 'http-error', match: {}, status: 200, message: 'x' })).toThrow('fault.status: must be an HTTP error status 400..599');
    expect(() => validateFault({ kind: 'task-error', match: {}, message: ' ' })).toThrow('fault.message: give the error text PVE would report');
    expect(() => validateFault({ kind: 'task-hang', match: {}, times: 0 })).toThrow('fault.times: must be a positive integer (omit for unlimited)');
    expect(() => validateFault({ kind: 'node-offline', node: ' ' })).toThrow("fault.node: the name of the cluster node that is down, e.g. 'pve2'");
    expect(() => validateFault({ kind: 'node-offline', node: 'pve2', reason: 'a\r\nb' })).toThrow("fault.reason: one line such as 'Connection timed out' (omit for 'No route to host')");
  });
  it('hold a node down until removed, and only a node the cluster has', () => {
    const f = new FaultInjector(() => ['pve1', 'pve2']);
    expect(() => f.add({ kind: 'node-offline', node: 'pve3' })).toThrow("fault.node: 'pve3' is not a cluster node (nodes: pve1, pve2)");
    const h = f.add({ kind: 'node-offline', node: 'pve2' });
    f.add({ kind: 'node-offline', node: 'pve1', reason: 'Connection refused' });
    expect([f.nodeOffline('pve1'), f.nodeOffline('pve2')]).toEqual(['Connection refused', 'No route to host']);
    h.remove();
    expect(f.nodeOffline('pve2')).toBeUndefined();
  });
});
