/**
 * The slice of a Talos node's filesystem that clients look at through MachineService/List,
 * derived from the node's state (never stored), and the walk List performs over it with
 * machined's semantics: root normalisation, recurse/recursion_depth, type filter, lstat errors.
 */
import { status } from '@grpc/grpc-js';
import { RpcError } from './rpc-error';

/** Go os.FileMode type bits as FileInfo.mode carries them. */
export const GO_MODE_DIR = 0x80000000;
export const GO_MODE_SYMLINK = 0x08000000;

export type FsEntryType = 'REGULAR' | 'DIRECTORY' | 'SYMLINK';

export interface FsEntry {
  readonly type: FsEntryType;
  /** Permission bits (e.g. 0o700). */
  readonly perm: number;
  readonly size?: number;
  /** Symlink target. */
  readonly link?: string;
}

/** What the tree reflects; every flag maps to directories Talos creates at that point. */
export interface NodeFsState {
  /** A machine configuration is persisted (STATE partition holds config.yaml). */
  readonly configured: boolean;
  readonly configBytes: number;
  readonly controlPlane: boolean;
  /** etcd has data (bootstrapped or joined): /var/lib/etcd/member exists. */
  readonly etcdData: boolean;
  /** kubelet has started (configured, services up): /var/lib/kubelet exists. */
  readonly kubeletStarted: boolean;
  /** Unix seconds used as mtime for every entry. */
  readonly modified: number;
  readonly hostname: string;
}

/** Builds the path -> entry map (directories implied by children are listed explicitly). */
export function nodeFilesystem(s: NodeFsState): Map<string, FsEntry> {
  const fs = new Map<string, FsEntry>();
  const dir = (path: string, perm = 0o755): void => {
    fs.set(path, { type: 'DIRECTORY', perm });
  };
  const file = (path: string, size: number, perm = 0o644): void => {
    fs.set(path, { type: 'REGULAR', perm, size });
  };
  for (const d of ['/', '/etc', '/system', '/var', '/var/lib', '/var/log', '/var/run', '/usr', '/usr/bin']) dir(d);
  fs.set('/run', { type: 'SYMLINK', perm: 0o777, link: '/var/run' });
  file('/etc/hostname', s.hostname.length + 1);
  file('/etc/os-release', 240);
  dir('/system/state', 0o700);
  if (s.configured) {
    file('/system/state/config.yaml', s.configBytes, 0o600);
    dir('/system/secrets', 0o700);
    dir('/etc/kubernetes', 0o700);
    file('/etc/kubernetes/bootstrap-kubeconfig', 2048, 0o600);
    dir('/etc/kubernetes/pki', 0o700);
    file('/etc/kubernetes/pki/ca.crt', 1200, 0o600);
    if (s.controlPlane) {
      dir('/system/secrets/etcd', 0o700);
      file('/system/secrets/etcd/ca.crt', 600, 0o600);
      dir('/system/secrets/kubernetes', 0o700);
      dir('/var/lib/etcd', 0o700);
    }
  }
  if (s.etcdData && s.controlPlane) {
    dir('/var/lib/etcd/member', 0o700);
    dir('/var/lib/etcd/member/snap', 0o700);
    file('/var/lib/etcd/member/snap/db', 20 * 1024 * 1024, 0o600);
    dir('/var/lib/etcd/member/wal', 0o700);
    file('/var/lib/etcd/member/wal/0000000000000000-0000000000000000.wal', 64 * 1024 * 1024, 0o600);
  }
  if (s.kubeletStarted) {
    file('/etc/kubernetes/kubelet.yaml', 1500, 0o600);
    file('/etc/kubernetes/kubeconfig-kubelet', 2048, 0o600);
    dir('/var/lib/kubelet', 0o700);
    file('/var/lib/kubelet/config.yaml', 1500);
    dir('/var/lib/kubelet/pki', 0o755);
    file('/var/lib/kubelet/pki/kubelet.crt', 1200);
  }
  return fs;
}

export interface ListOptions {
  readonly root: string;
  readonly recurse: boolean;
  readonly recursion_depth: number;
  readonly types: readonly string[];
}

export interface ListedFile {
  readonly name: string;
  readonly relative_name: string;
  readonly size: string;
  readonly mode: number;
  readonly modified: string;
  readonly is_dir: boolean;
  readonly error: string;
  readonly link: string;
  readonly uid: number;
  readonly gid: number;
  readonly xattrs: readonly never[];
}

function children(fs: Map<string, FsEntry>, dir: string): string[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  return [...fs.keys()].filter((p) => p !== dir && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).sort();
}

function relative(root: string, path: string): string {
  if (path === root) return '.';
  return root === '/' ? path.slice(1) : path.slice(root.length + 1);
}

/**
 * The walk machined runs for List: root made absolute and stripped of a trailing slash;
 * a missing root is an error for the whole call; a symlinked root is followed;
 * without recurse the root's entries are listed (the root is always descended), recurse without a
 * depth is unlimited; the root itself is reported when its type matches; a file lists itself.
 */
export function listFiles(fs: Map<string, FsEntry>, opts: ListOptions, modified: number): ListedFile[] {
  let root = opts.root.startsWith('/') ? opts.root : `/${opts.root}`;
  root = root.replace(/\/+$/, '') || '/';
  let entry = fs.get(root);
  if (!entry) throw new RpcError(status.UNKNOWN, `lstat ${root}: no such file or directory`);
  if (entry.type === 'SYMLINK' && entry.link) {
    root = entry.link;
    entry = fs.get(root);
    if (!entry) throw new RpcError(status.UNKNOWN, `lstat ${root}: no such file or directory`);
  }
  const maxDepth = opts.recurse ? (opts.recursion_depth === 0 ? -1 : opts.recursion_depth) : 0;
  const wanted = new Set(opts.types);
  const out: ListedFile[] = [];
  const slashes = (p: string): number => p.split('/').length - 1;
  // machined's walker: a directory whose type the filter drops is still descended, and the depth
  // test compares separator counts (so root "/" reaches one level deeper than other roots).
  const atMaxDepth = (path: string): boolean => maxDepth >= 0 && path !== root && slashes(path) - slashes(root) >= maxDepth;
  const visit = (path: string): void => {
    const e = fs.get(path) as FsEntry;
    const rel = path === root && e.type !== 'DIRECTORY' ? path.slice(path.lastIndexOf('/') + 1) : relative(root, path);
    const matches = wanted.size === 0 || wanted.has(e.type);
    if (matches) {
      const typeBits = e.type === 'DIRECTORY' ? GO_MODE_DIR : e.type === 'SYMLINK' ? GO_MODE_SYMLINK : 0;
      out.push({
        name: path,
        relative_name: rel,
        size: String(e.type === 'DIRECTORY' ? 4096 : e.type === 'SYMLINK' ? (e.link ?? '').length : (e.size ?? 0)),
        mode: (typeBits | e.perm) >>> 0,
        modified: String(modified),
        is_dir: e.type === 'DIRECTORY',
        error: '',
        link: e.link ?? '',
        uid: 0,
        gid: 0,
        xattrs: [],
      });
    }
    if (e.type !== 'DIRECTORY' || (matches && atMaxDepth(path))) return;
    for (const child of children(fs, path)) visit(child);
  };
  visit(root);
  return out;
}
