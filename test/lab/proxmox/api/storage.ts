/**
 * Storage: lists, status, content (list/get/delete), `query-url-metadata` and `download-url`
 * (a `download` task that completes asynchronously; the file then appears in the content list).
 */
import type { LabCluster } from '../cluster';
import { ParamError, fail } from '../http/errors';
import type { Router } from '../http/router';
import { NODE, OPTIONAL_VMID, STORAGE } from '../schema/common-params';
import { contentEntry, formatOfVolname, isFileStorage, parseVolid, usedBytes, volumePath, volumesOf } from '../domain/storage';
import { FetchError, type FetchedFile } from '../downloads';
import type { StorageDef, TaskRecord } from '../state/model';
import { createHash } from 'node:crypto';
import { ALGORITHMS } from '../downloads';
import { flag, list, num, reqStr, str } from './params';

function storageDef(sim: LabCluster, storage: string): StorageDef {
  const def = sim.state.storages[storage];
  if (!def) fail(`storage '${storage}' does not exist`);
  return def;
}

function statusOf(sim: LabCluster, storage: string, node: string): Record<string, string | number> {
  const def = storageDef(sim, storage);
  const used = usedBytes(sim.state, storage, node);
  const full = sim.faults.storageFull(storage, node);
  const avail = full ? 0 : Math.max(0, def.totalBytes - used);
  return {
    storage,
    type: def.type,
    content: [...def.content].sort().join(','),
    active: 1,
    enabled: 1,
    shared: def.shared ? 1 : 0,
    total: def.totalBytes,
    used: full ? def.totalBytes : used,
    avail,
    used_fraction: Number(((full ? def.totalBytes : used) / def.totalBytes).toFixed(6)),
  };
}

/** PVE's real_volume_id: `volume` may be given with or without the `storage:` prefix. */
function realVolid(storage: string, volume: string): { storage: string; volname: string } {
  const ref = parseVolid(volume);
  if (ref) {
    if (ref.storage !== storage) throw new ParamError({ volume: `storage ID mismatch ('${ref.storage}' != '${storage}')` });
    return ref;
  }
  return { storage, volname: volume };
}

const ISO_RE = /[^/]+\.(?:iso|img)$/i;
const VZTMPL_RE = /[^/]+\.(?:tar|tar\.(?:gz|xz|zst|bz2))$/i;
const IMPORT_RE = /[a-zA-Z0-9\-.+=_]+\.(ova|qcow2|raw|vmdk)$/;

/** PVE's normalize_content_filename. */
export function normaliseFilename(name: string): string {
  return name
    .replace(/\n$/, '')
    .replace(/^.*[/\\]/, '')
    .replace(/[^a-zA-Z0-9_.-]/g, '_');
}

type DownloadAction = {
  readonly kind: 'download';
  readonly node: string;
  readonly storage: string;
  readonly content: string;
  readonly filename: string;
  readonly url: string;
  readonly compression?: string;
  readonly checksum?: string;
  readonly algorithm?: string;
};

/** An upload's copy step (pve-storage's `imgcopy` worker): pveproxy's temporary file to the storage. */
type UploadAction = {
  readonly kind: 'imgcopy';
  readonly node: string;
  readonly storage: string;
  readonly content: string;
  readonly filename: string;
  readonly tmpfilename: string;
  /** The uploaded bytes, base64 (persisted like pveproxy's temporary file, so a restart finishes the copy). */
  readonly data: string;
  readonly checksum?: string;
  readonly algorithm?: string;
};

const contentDir = (content: string): string => (content === 'iso' ? 'iso' : content === 'vztmpl' ? 'vztmpl' : 'import');

/** PVE's filename checks per content type (download-url and upload). */
function checkFilename(content: string, filename: string): void {
  if (content === 'iso' && !ISO_RE.test(filename)) throw new ParamError({ filename: 'wrong file extension' });
  if (content === 'vztmpl' && !VZTMPL_RE.test(filename)) throw new ParamError({ filename: 'wrong file extension' });
  if (content === 'import' && !IMPORT_RE.test(filename)) throw new ParamError({ filename: 'invalid filename or wrong extension' });
}

export type DownloadFetch = { done: false } | { done: true; file?: FetchedFile & { synthetic: boolean }; error?: string; wgetExitCode?: number };

export function registerStorageRoutes(router: Router<LabCluster>, fetches: Map<string, DownloadFetch>): void {
  router.add({
    method: 'GET',
    path: '/nodes/{node}/storage',
    proxyToNode: true,
    params: {
      node: NODE,
      content: { type: 'string', optional: true, format: 'pve-storage-content-list' },
      enabled: { type: 'boolean', optional: true },
      format: { type: 'boolean', optional: true },
      storage: { ...STORAGE, optional: true },
      target: { ...NODE, optional: true },
    },
    handler: ({ sim, params }) => {
      const node = reqStr(params, 'node');
      const content = list(params, 'content');
      const only = str(params, 'storage');
      return Object.entries(sim.state.storages)
        .filter(([id, def]) => (!only || id === only) && content.every((c) => def.content.includes(c)))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id]) => statusOf(sim, id, node));
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}',
    proxyToNode: true,
    params: { node: NODE, storage: STORAGE },
    handler: ({ sim, params }) => {
      storageDef(sim, reqStr(params, 'storage'));
      return ['content', 'download-url', 'file-restore', 'identity', 'import-metadata', 'prunebackups', 'rrd', 'rrddata', 'status', 'upload'].map((subdir) => ({ subdir }));
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/status',
    proxyToNode: true,
    params: { node: NODE, storage: STORAGE },
    handler: ({ sim, params }) => {
      // The status call answers the same fields as the list entry, minus the id and the fraction.
      const status = statusOf(sim, reqStr(params, 'storage'), reqStr(params, 'node'));
      delete status.storage;
      delete status.used_fraction;
      return status;
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/content',
    proxyToNode: true,
    params: { node: NODE, storage: STORAGE, content: { type: 'string', optional: true, format: 'pve-storage-content' }, vmid: OPTIONAL_VMID },
    handler: ({ sim, params }) => {
      const node = reqStr(params, 'node');
      const storage = reqStr(params, 'storage');
      storageDef(sim, storage);
      const content = str(params, 'content');
      const vmid = num(params, 'vmid');
      return Object.values(volumesOf(sim.state, storage, node))
        .filter((v) => (!content || v.content === content) && (vmid === undefined || v.vmid === vmid))
        .sort((a, b) => a.volname.localeCompare(b.volname))
        .map((v) => contentEntry(storage, v));
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/content/{volume}',
    proxyToNode: true,
    params: { node: NODE, storage: { ...STORAGE, optional: true }, volume: { type: 'string' } },
    handler: ({ sim, params }) => {
      const node = reqStr(params, 'node');
      const ref = realVolid(reqStr(params, 'storage'), reqStr(params, 'volume'));
      const def = storageDef(sim, ref.storage);
      const vol = volumesOf(sim.state, ref.storage, node)[ref.volname];
      const id = `${ref.storage}:${ref.volname}`;
      if (!vol) fail(`volume_size_info on '${id}' failed - no format`);
      return { path: volumePath(def, ref.storage, ref.volname), size: vol.size, used: vol.size, format: vol.format };
    },
  });

  router.add({
    method: 'DELETE',
    path: '/nodes/{node}/storage/{storage}/content/{volume}',
    proxyToNode: true,
    params: { node: NODE, storage: { ...STORAGE, optional: true }, volume: { type: 'string' }, delay: { type: 'integer', optional: true, minimum: 1, maximum: 30 } },
    handler: ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      const ref = realVolid(reqStr(params, 'storage'), reqStr(params, 'volume'));
      storageDef(sim, ref.storage);
      const owner = /^(?:\d+\/)?(?:vm|base)-(\d+)-/.exec(ref.volname)?.[1];
      const task = sim.tasks.start({
        node,
        type: 'imgdel',
        id: owner ? `${owner}@${ref.storage}` : ref.storage,
        user: userid,
        action: { kind: 'imgdel', node, storage: ref.storage, volname: ref.volname },
      });
      return task.upid;
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/query-url-metadata',
    proxyToNode: true,
    params: { node: NODE, url: { type: 'string', pattern: 'https?://.*' }, 'verify-certificates': { type: 'boolean', optional: true } },
    handler: async ({ sim, params }) => {
      const verify = params['verify-certificates'] === undefined || flag(params, 'verify-certificates');
      try {
        return await sim.services.urls.metadata(reqStr(params, 'url'), verify);
      } catch (err) {
        return fail((err as Error).message);
      }
    },
  });

  router.add({
    method: 'POST',
    path: '/nodes/{node}/storage/{storage}/download-url',
    proxyToNode: true,
    params: {
      node: NODE,
      storage: STORAGE,
      url: { type: 'string', pattern: 'https?://.*' },
      content: { type: 'string', format: 'pve-storage-content', enum: ['iso', 'vztmpl', 'import'] },
      filename: { type: 'string', maxLength: 255 },
      checksum: { type: 'string', optional: true, requires: 'checksum-algorithm' },
      compression: { type: 'string', optional: true, enum: ['gz', 'lzo', 'zst', 'bz2'] },
      'checksum-algorithm': { type: 'string', optional: true, enum: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'], requires: 'checksum' },
      'verify-certificates': { type: 'boolean', optional: true },
    },
    handler: ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      const storage = reqStr(params, 'storage');
      const def = storageDef(sim, storage);
      if (!isFileStorage(def)) fail(`can't upload to storage type '${def.type}', not a file based storage!`);
      const content = reqStr(params, 'content');
      if (!def.content.includes(content)) fail(`storage '${storage}' is not configured for content-type '${content}'`);
      const filename = normaliseFilename(reqStr(params, 'filename'));
      checkFilename(content, filename);
      const url = reqStr(params, 'url');
      const compression = str(params, 'compression');
      const verify = params['verify-certificates'] === undefined || flag(params, 'verify-certificates');
      const action: DownloadAction = {
        kind: 'download',
        node,
        storage,
        content,
        filename,
        url,
        compression,
        checksum: str(params, 'checksum'),
        algorithm: str(params, 'checksum-algorithm'),
      };
      const dest = volumePath(def, storage, `${contentDir(content)}/${filename}`);
      const task = sim.tasks.start({ node, type: 'download', id: filename, user: userid, action, preLog: [`downloading ${url} to ${dest}`] });
      // The bytes are fetched outside the worker; the worker waits (defers) until they are in.
      fetches.set(task.upid, { done: false });
      if (compression && content !== 'iso') {
        fetches.set(task.upid, { done: true, error: `decompression not supported for ${content}` });
      } else {
        sim.services.urls
          .fetch(url, verify, compression)
          .then((file) => fetches.set(task.upid, { done: true, file }))
          .catch((err: Error) =>
            fetches.set(task.upid, err instanceof FetchError ? { done: true, error: err.message, wgetExitCode: err.wgetExitCode } : { done: true, error: `download failed: ${err.message}` }),
          )
          .finally(() => sim.tasks.kick());
      }
      return task.upid;
    },
  });

  router.add({
    method: 'POST',
    path: '/nodes/{node}/storage/{storage}/upload',
    upload: true,
    params: {
      node: NODE,
      storage: STORAGE,
      content: { type: 'string', format: 'pve-storage-content', enum: ['iso', 'vztmpl', 'import'] },
      filename: { type: 'string', maxLength: 255 },
      checksum: { type: 'string', optional: true, requires: 'checksum-algorithm' },
      'checksum-algorithm': { type: 'string', optional: true, enum: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'], requires: 'checksum' },
      tmpfilename: { type: 'string', optional: true, pattern: '/var/tmp/pveupload-[0-9a-f]+' },
    },
    // No proxyto: the node that received the request runs the worker (and copies to {node}).
    handler: ({ sim, params, userid, file }) => {
      const node = reqStr(params, 'node');
      sim.requireNode(node);
      const storage = reqStr(params, 'storage');
      const def = storageDef(sim, storage);
      // Only pveproxy sets the temporary file, from the request's file part.
      if (!file) {
        if (str(params, 'tmpfilename')) fail('temporary file name is only allowed from the trusted port on localhost');
        fail('missing temporary file name');
      }
      if (!isFileStorage(def)) fail(`can't upload to storage type '${def.type}'`);
      const content = reqStr(params, 'content');
      if (!def.content.includes(content)) fail(`storage '${storage}' does not support '${content}' content`);
      const filename = normaliseFilename(reqStr(params, 'filename'));
      checkFilename(content, filename);
      const action: UploadAction = {
        kind: 'imgcopy',
        node,
        storage,
        content,
        filename,
        tmpfilename: `/var/tmp/pveupload-${createHash('md5').update(`${sim.now()}:${filename}:${file.bytes.length}`).digest('hex')}`,
        data: file.bytes.toString('base64'),
        checksum: str(params, 'checksum'),
        algorithm: str(params, 'checksum-algorithm'),
      };
      return sim.tasks.start({ node, type: 'imgcopy', id: '', user: userid, action }).upid;
    },
  });
}

/** Task workers for `download`, `imgcopy` (uploads) and `imgdel`. */
export function registerStorageWorkers(sim: LabCluster, fetches: Map<string, DownloadFetch>): void {
  sim.tasks.register('imgcopy', (task: TaskRecord, print) => {
    const a = task.action as unknown as UploadAction;
    const def = sim.state.storages[a.storage];
    if (!def) throw new Error(`storage '${a.storage}' does not exist`);
    const bytes = Buffer.from(a.data, 'base64');
    // The temporary file is removed once the worker ends, copied or not.
    Object.assign(task, { action: { ...a, data: '' } });
    const volname = `${contentDir(a.content)}/${a.filename}`;
    const dest = volumePath(def, a.storage, volname);
    print(`starting file import from: ${a.tmpfilename}`);
    if (a.checksum && a.algorithm) {
      const got = createHash(a.algorithm).update(bytes).digest('hex');
      if (got.toLowerCase() !== a.checksum.toLowerCase()) throw new Error(`checksum mismatch: got '${got}' != expect '${a.checksum}'`);
      print('calculating checksum...OK, checksum verified');
    }
    print(`target node: ${a.node}`);
    print(`target file: ${dest}`);
    print(`file size is: ${bytes.length}`);
    print(`command: cp -- ${a.tmpfilename} ${dest}`);
    const vols = volumesOf(sim.state, a.storage, a.node);
    // PVE overwrites an existing file of that name without asking.
    const free = def.totalBytes - usedBytes(sim.state, a.storage, a.node) + (vols[volname]?.size ?? 0);
    if (sim.faults.storageFull(a.storage, a.node) || bytes.length > free) {
      throw new Error(`command 'cp -- ${a.tmpfilename} ${dest}' failed: exit code 1`);
    }
    vols[volname] = {
      volname,
      content: a.content,
      format: formatOfVolname(def, volname),
      size: bytes.length,
      ctime: Math.floor(sim.now() / 1000),
      checksums: Object.fromEntries(ALGORITHMS.map((alg) => [alg, createHash(alg).update(bytes).digest('hex')])),
      data: a.data,
    };
    print('finished file import successfully');
    return undefined;
  });

  sim.tasks.register('download', (task: TaskRecord, print) => {
    const a = task.action as unknown as DownloadAction;
    const f = fetches.get(task.upid);
    if (!f) throw new Error('got interrupted by signal');
    if (!f.done) return { deferMs: 100 };
    fetches.delete(task.upid);
    const def = sim.state.storages[a.storage];
    if (!def) throw new Error(`storage '${a.storage}' does not exist`);
    const dir = a.content === 'iso' ? 'iso' : a.content === 'vztmpl' ? 'vztmpl' : 'import';
    const volname = `${dir}/${a.filename}`;
    const dest = volumePath(def, a.storage, volname);
    const vols = volumesOf(sim.state, a.storage, a.node);
    if (vols[volname]) throw new Error(`refusing to override existing file '${dest}'`);
    if (f.wgetExitCode !== undefined) {
      print(f.error ?? 'download failed');
      throw new Error(`download failed: command '/usr/bin/wget --progress=dot:giga -O ${dest}.tmp_dwnl.${task.pid} ${a.url}' failed: exit code ${f.wgetExitCode}`);
    }
    if (f.error) throw new Error(f.error);
    const file = f.file;
    if (!file) throw new Error('download failed');
    if (a.checksum && a.algorithm && !file.synthetic) {
      print('calculating checksum...OK, checksum verified');
      const got = file.checksums[a.algorithm];
      if (got?.toLowerCase() !== a.checksum.toLowerCase()) throw new Error(`checksum mismatch: got '${got}' != expect '${a.checksum}'`);
    }
    const size = a.compression ? (file.decompressedSize ?? file.size) : file.size;
    if (sim.faults.storageFull(a.storage, a.node) || size > def.totalBytes - usedBytes(sim.state, a.storage, a.node)) {
      print(`${dest}.tmp_dwnl.${task.pid}: No space left on device`);
      throw new Error(`download failed: command '/usr/bin/wget --progress=dot:giga -O ${dest}.tmp_dwnl.${task.pid} ${a.url}' failed: exit code 3`);
    }
    if (a.compression) print(`decompressing ${dest}.tmp_dwnl.${task.pid} to ${dest}.tmp_dcom.${task.pid}`);
    vols[volname] = {
      volname,
      content: a.content,
      format: formatOfVolname(def, volname),
      size,
      ctime: Math.floor(sim.now() / 1000),
      checksums: file.synthetic ? undefined : file.checksums,
    };
    print(`download of '${a.url}' to '${dest}' finished`);
    return undefined;
  });

  sim.tasks.register('imgdel', (task: TaskRecord, print) => {
    const { node, storage, volname } = task.action as unknown as { node: string; storage: string; volname: string };
    const def = sim.state.storages[storage];
    const vols = volumesOf(sim.state, storage, node);
    const vol = vols[volname];
    const owner = vol?.vmid;
    if (owner !== undefined && sim.findVm(owner)) {
      const conf = sim.findVm(owner)?.config ?? {};
      if (Object.values(conf).some((v) => v.split(',')[0] === `${storage}:${volname}`)) {
        throw new Error(`unable to delete '${storage}:${volname}' - volume is still in use (referenced by VM ${owner})`);
      }
    }
    if (!vol) {
      print(`WARN: disk image '${def ? volumePath(def, storage, volname) : volname}' does not exist`);
      print(`Removed volume '${storage}:${volname}'`);
      return { warnings: 1 };
    }
    delete vols[volname];
    print(`Removed volume '${storage}:${volname}'`);
    return undefined;
  });
}
