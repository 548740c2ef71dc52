/** MachineService/List semantics over the simulated node filesystem (machined's walker rules). */
import { GO_MODE_DIR, GO_MODE_SYMLINK, listFiles, nodeFilesystem, type NodeFsState } from '../../../lab/talos/node-fs';
import { RpcError } from '../../../lab/talos/rpc-error';

const base: NodeFsState = { configured: true, configBytes: 1234, controlPlane: true, etcdData: false, kubeletStarted: false, modified: 1_700_000_000, hostname: 'talos-abc-def' };
const list = (state: Partial<NodeFsState>, root: string, opts: { recurse?: boolean; depth?: number; types?: string[] } = {}) =>
  listFiles(nodeFilesystem({ ...base, ...state }), { root, recurse: opts.recurse ?? false, recursion_depth: opts.depth ?? 0, types: opts.types ?? [] }, base.modified);
const names = (files: { name: string }[]): string[] => files.map((f) => f.name);

describe('node filesystem reflects node state', () => {
  it('has /var/lib/etcd/member only on a control plane whose etcd has data', () => {
    expect(() => list({ etcdData: false }, '/var/lib/etcd/member')).toThrow(RpcError);
    expect(() => list({ etcdData: true, controlPlane: false }, '/var/lib/etcd/member')).toThrow('lstat /var/lib/etcd/member: no such file or directory');
    const files = list({ etcdData: true }, '/var/lib/etcd/member');
    expect(files[0]).toMatchObject({ name: '/var/lib/etcd/member', relative_name: '.', is_dir: true, error: '' });
    expect(files[0].mode).toBe((GO_MODE_DIR | 0o700) >>> 0);
    expect(names(files)).toEqual(['/var/lib/etcd/member', '/var/lib/etcd/member/snap', '/var/lib/etcd/member/wal']);
  });

  it('has config, secrets and /etc/kubernetes once configured, /var/lib/kubelet once kubelet started', () => {
    expect(() => list({ configured: false }, '/system/secrets')).toThrow(RpcError);
    expect(names(list({ configured: false }, '/system/state'))).toEqual(['/system/state']);
    const state = list({}, '/system/state');
    expect(state[1]).toMatchObject({ name: '/system/state/config.yaml', size: '1234', is_dir: false, mode: 0o600 });
    expect(() => list({}, '/var/lib/kubelet')).toThrow(RpcError);
    expect(names(list({ kubeletStarted: true }, '/var/lib/kubelet'))).toContain('/var/lib/kubelet/config.yaml');
    expect(() => list({ controlPlane: false }, '/var/lib/etcd')).toThrow(RpcError);
  });
});

describe('List walk options', () => {
  const state = { etcdData: true, kubeletStarted: true };

  it('normalises the root (relative, trailing slash) and lists one level without recurse', () => {
    const a = list(state, 'var/lib/etcd/');
    expect(names(a)).toEqual(['/var/lib/etcd', '/var/lib/etcd/member']);
    expect(a[1].relative_name).toBe('member');
  });

  it('recurses without limit when recursion_depth is 0, else stops at the depth below root', () => {
    const all = names(list(state, '/var/lib/etcd', { recurse: true }));
    expect(all).toContain('/var/lib/etcd/member/wal/0000000000000000-0000000000000000.wal');
    const two = names(list(state, '/var/lib/etcd', { recurse: true, depth: 2 }));
    expect(two).toContain('/var/lib/etcd/member/snap');
    expect(two).not.toContain('/var/lib/etcd/member/snap/db');
  });

  it('filters by type but still walks directories the filter drops', () => {
    const files = list(state, '/var/lib/etcd', { recurse: true, types: ['REGULAR'] });
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => !f.is_dir)).toBe(true);
    expect(names(files)).toContain('/var/lib/etcd/member/snap/db');
    const dirs = list(state, '/', { recurse: true, types: ['DIRECTORY'] });
    expect(dirs.every((f) => f.is_dir)).toBe(true);
  });

  it('reports a file root as itself and follows a symlinked root', () => {
    expect(list(state, '/etc/hostname')).toEqual([expect.objectContaining({ name: '/etc/hostname', relative_name: 'hostname', size: String('talos-abc-def'.length + 1) })]);
    const root = list(state, '/', { types: ['SYMLINK'] });
    expect(root).toEqual([expect.objectContaining({ name: '/run', link: '/var/run', mode: (GO_MODE_SYMLINK | 0o777) >>> 0 })]);
    expect(list(state, '/run')[0].name).toBe('/var/run');
  });
});
