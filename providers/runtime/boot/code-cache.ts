/**
 * Runs a provider bundle with a V8 code cache kept on disk. Terraform starts each provider three to
 * five times per command; compiling the bundle's start-up path anew each time costs more than the
 * rest of the start. Unlike Node's own compile cache (Node ≥ 22 only), this one works on every
 * supported Node and is taken after the bundle's modules have run, so it holds the functions the
 * start-up executed, not only the top level.
 *
 * The cache is keyed by the bundle's content (CRC-32 and length: identical builds, wherever they
 * sit, share one entry) and the Node build; V8 itself refuses data made by another V8 or for other
 * flags, and a refused or missing cache is simply made again. Files are written atomically (mode
 * 0600) under a directory of our own, and read only while nobody else can write there; entries
 * written more than a week ago are removed when one is written (a live one is simply made again).
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { crc32 } from 'node:zlib';

export type CodeCacheOutcome = 'used' | 'written' | 'rejected-and-written' | 'unavailable';

/** The default cache directory: beside the other caches of this project. */
export function defaultCodeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || '/tmp', '.cache');
  return path.join(base, 'proxmox-talos-capi', 'provider-code-cache');
}

const SUFFIX = '.v8cache';
const UNUSED_MS = 7 * 24 * 3600_000;

function cacheFileOf(source: Buffer, dir: string): string {
  const build = crc32(`${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`);
  const content = crc32(source);
  return path.join(dir, `${content.toString(16).padStart(8, '0')}-${source.length.toString(16)}-${build.toString(16).padStart(8, '0')}${SUFFIX}`);
}

/** Removes cache entries (ours only: the suffix) written more than a week ago. */
function prune(dir: string, keep: string, now = Date.now()): void {
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!name.endsWith(SUFFIX) || file === keep) continue;
    try {
      if (now - fs.statSync(file).mtimeMs > UNUSED_MS) fs.rmSync(file, { force: true });
    } catch {
      // another start removed it first
    }
  }
}

/**
 * A cache entry is compiled code: it is only read when nobody else could have written it (the
 * directory and the file are ours and not group- or world-writable), e.g. not from a shared /tmp
 * another user prepared.
 */
function trusted(file: string): boolean {
  const uid = process.getuid?.();
  for (const p of [path.dirname(file), file]) {
    const st = fs.statSync(p);
    if ((uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return false;
  }
  return true;
}

function readCache(file: string): Buffer | undefined {
  try {
    return trusted(file) ? fs.readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, data: Buffer): boolean {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
    prune(path.dirname(file), file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads `bundle` as the CommonJS main module would be (its own require, __filename, __dirname)
 * and runs it, with the code cache from `cacheDir` when there is a usable one.
 */
export function runWithCodeCache(bundle: string, cacheDir: string): CodeCacheOutcome {
  const bytes = fs.readFileSync(bundle);
  const cacheFile = cacheFileOf(bytes, cacheDir);
  const cachedData = readCache(cacheFile);
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: bundle, cachedData });
  const mod = new Module(bundle);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  if (cachedData && !script.cachedDataRejected) return 'used';
  // After the modules ran: the cache then holds what the start-up compiled.
  const written = writeCache(cacheFile, script.createCachedData());
  if (!written) return 'unavailable';
  return cachedData ? 'rejected-and-written' : 'written';
}
