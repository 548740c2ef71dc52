/**
 * Writing credential files without ever destroying one we were not asked to replace: shared by
 * the `ptc` CLI and `talos_local_file`. Every target is checked before anything is touched (a
 * symbolic link, a directory, a device, a FIFO, /proc, /sys or /dev is refused, and so is an
 * existing file unless replacing is allowed); each file is written to a temporary file in its own
 * directory (exclusive create, owner-only), flushed, given its mode, then moved into place: with
 * `replace: 'never'` by a hard link that fails if the path exists (no clobbering, even racing),
 * else by rename (which replaces the directory entry and never follows a link). A batch is all or
 * nothing: when one file fails, the files already moved are put back as they were, temporary
 * files and new directories are removed, and the error names the path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** May an existing regular file at the path be replaced? Links, directories and devices never are. */
export type ReplacePolicy = 'never' | 'regular-file';

export type TargetProblemReason = 'exists' | 'symlink' | 'directory' | 'special' | 'parent';

export interface TargetProblem {
  readonly reason: TargetProblemReason;
  /** Names the path and the fix. */
  readonly message: string;
}

/** A write that failed: names the path; `reason` is set when the target itself was refused. */
export class FileWriteError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly reason?: TargetProblemReason,
  ) {
    super(message);
    this.name = 'FileWriteError';
  }
}

export interface FileToWrite {
  /** Absolute path. */
  readonly path: string;
  readonly content: string | Uint8Array;
  /** Permission bits. @default 0o600 */
  readonly mode?: number;
}

/** The filesystem calls used, so a test can make one fail as a full disk would. */
export type FileOps = Pick<
  typeof fs,
  | 'openSync'
  | 'writeSync'
  | 'fchmodSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'linkSync'
  | 'renameSync'
  | 'unlinkSync'
  | 'lstatSync'
  | 'mkdirSync'
  | 'rmdirSync'
  | 'realpathSync'
  | 'statfsSync'
  | 'copyFileSync'
  | 'chmodSync'
>;

export interface WriteOptions {
  readonly replace: ReplacePolicy;
  /** @default node:fs */
  readonly ops?: Partial<FileOps>;
}

export const DEFAULT_FILE_MODE = 0o600;

/** Directories whose entries are kernel interfaces, not files to keep credentials in. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];
/** statfs magic numbers of pseudo filesystems (proc, sysfs, devpts, cgroup v1/v2, debugfs, tracefs, securityfs, efivarfs, configfs, bpf, pstore). */
const PSEUDO_FS = new Set([0x9fa0, 0x62656572, 0x1cd1, 0x27e0eb, 0x63677270, 0x64626720, 0x74726163, 0x73636673, 0xde5e81e4, 0x62656570, 0xcafe4a11, 0x6165676c]);

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function opsOf(options: WriteOptions): FileOps {
  return { ...(fs as FileOps), ...(options.ops ?? {}) };
}

function describeSpecial(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function underSpecialRoot(real: string): string | undefined {
  return SPECIAL_ROOTS.find((root) => real === root || real.startsWith(`${root}/`));
}

/** The nearest existing ancestor of `file` with its links resolved, or the problem with the way to it. */
function existingAncestor(file: string, ops: FileOps): { dir: string } | TargetProblem {
  const partIsFile: TargetProblem = { reason: 'parent', message: `cannot create the directory ${path.dirname(file)}: part of it is a file; choose another path` };
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    try {
      ops.lstatSync(dir);
    } catch (err) {
      if (code(err) === 'ENOENT' && path.dirname(dir) !== dir) continue;
      if (code(err) === 'ELOOP') return { reason: 'parent', message: `a directory above ${file} is a symbolic link loop; fix the link or choose another path` };
      if (code(err) === 'ENOTDIR') return partIsFile;
      return { reason: 'parent', message: `cannot look at ${dir} (${code(err) ?? (err as Error).message}); choose another path` };
    }
    let real: string;
    try {
      real = ops.realpathSync(dir);
    } catch (err) {
      if (code(err) === 'ELOOP') return { reason: 'parent', message: `a directory above ${file} is a symbolic link loop; fix the link or choose another path` };
      if (code(err) === 'ENOENT') return { reason: 'parent', message: `${dir} is a symbolic link to something missing; fix the link or choose another path` };
      if (code(err) === 'ENOTDIR') return partIsFile;
      return { reason: 'parent', message: `cannot look at ${dir} (${code(err) ?? (err as Error).message}); choose another path` };
    }
    return (ops.lstatSync(real) as fs.Stats).isDirectory() ? { dir: real } : partIsFile;
  }
}

/**
 * Why `file` must not be written under `replace`, or undefined. Nothing is changed. A symbolic
 * link at the path is refused (writing through it would change another file; replacing it would
 * drop the user's link), as are directories, devices, FIFOs, sockets and pseudo filesystems.
 */
export function targetProblem(file: string, replace: ReplacePolicy, ops: Partial<FileOps> = {}): TargetProblem | undefined {
  const o = opsOf({ replace, ops });
  if (!path.isAbsolute(file)) return { reason: 'parent', message: `${file} is not an absolute path` };
  const ancestor = existingAncestor(file, o);
  if ('reason' in ancestor) return ancestor;
  const root = underSpecialRoot(ancestor.dir);
  if (root) return { reason: 'special', message: `${file} is under ${root}, which holds kernel and device entries, not files; choose a path in your home or project directory` };
  try {
    const fsType = Number(o.statfsSync(ancestor.dir).type);
    if (PSEUDO_FS.has(fsType)) return { reason: 'special', message: `${file} is on a kernel pseudo filesystem, not a place for files; choose a path in your home or project directory` };
  } catch {
    // statfs unsupported here: the checks above and below still apply.
  }
  let st: fs.Stats;
  try {
    st = o.lstatSync(file) as fs.Stats;
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined;
    if (code(err) === 'ELOOP') return { reason: 'parent', message: `a directory above ${file} is a symbolic link loop; fix the link or choose another path` };
    if (code(err) === 'ENOTDIR') return { reason: 'parent', message: `cannot create the directory ${path.dirname(file)}: part of it is a file; choose another path` };
    return { reason: 'parent', message: `cannot look at ${file} (${code(err) ?? (err as Error).message}); choose another path` };
  }
  if (st.isSymbolicLink()) {
    let target = '';
    try {
      target = ` (to ${fs.readlinkSync(file)})`;
    } catch {
      // The link's text only makes the message clearer.
    }
    return { reason: 'symlink', message: `${file} is a symbolic link${target}; links are never written through or replaced: give the path of the real file, or remove the link` };
  }
  if (st.isDirectory()) return { reason: 'directory', message: `${file} is a directory; remove it or choose another path` };
  if (!st.isFile()) return { reason: 'special', message: `${file} is ${describeSpecial(st)}, not a regular file; choose another path` };
  if (replace === 'never') return { reason: 'exists', message: `${file} already exists` };
  return undefined;
}

/** Why a write to `file` failed, in words that say what to change. */
export function writeProblem(err: unknown, file: string): FileWriteError {
  if (err instanceof FileWriteError) return err;
  const dir = path.dirname(file);
  const keep = 'nothing was changed';
  switch (code(err)) {
    case 'EISDIR':
      return new FileWriteError(`${file} is a directory; remove it or choose another path`, file, 'directory');
    case 'EEXIST':
      return new FileWriteError(`${file} already exists`, file, 'exists');
    case 'ENOTDIR':
      return new FileWriteError(`cannot create the directory ${dir}: part of it is a file; choose another path`, file, 'parent');
    case 'ELOOP':
      return new FileWriteError(`${file} or a directory above it is a symbolic link loop; fix the link or choose another path`, file, 'symlink');
    case 'EACCES':
    case 'EPERM':
      return new FileWriteError(`no permission to write ${file} in ${dir}; choose a directory you own (${keep})`, file);
    case 'EROFS':
      return new FileWriteError(`${dir} is on a read-only filesystem; choose another path for ${file} (${keep})`, file);
    case 'ENOSPC':
    case 'EDQUOT':
      return new FileWriteError(`no space left to write ${file}; free some space in ${dir} and run again (${keep})`, file);
    default:
      return new FileWriteError(`cannot write ${file}: ${(err as Error)?.message ?? String(err)} (${keep})`, file);
  }
}

const ignore = (f: () => void): void => {
  try {
    f();
  } catch {
    // Best effort while undoing: the error that made us undo is the one reported.
  }
};

function tempName(file: string, tag: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.${tag}`);
}

/** Creates the missing directories above `file` (0700); returns the ones it created, deepest last. */
function makeParents(file: string, o: FileOps): string[] {
  const missing: string[] = [];
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    try {
      o.lstatSync(dir);
      break;
    } catch (err) {
      if (code(err) !== 'ENOENT') break;
      missing.unshift(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  for (const dir of missing) o.mkdirSync(dir, { mode: 0o700 });
  return missing;
}

function writeTemp(file: string, content: string | Uint8Array, mode: number, o: FileOps): string {
  const tmp = tempName(file, 'tmp');
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
  const fd = o.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    for (let off = 0; off < data.length;) off += o.writeSync(fd, data, off, data.length - off);
    // fchmod, not the open mode: the umask must not change the result.
    o.fchmodSync(fd, mode);
    o.fsyncSync(fd);
  } catch (err) {
    ignore(() => o.closeSync(fd));
    ignore(() => o.unlinkSync(tmp));
    throw err;
  }
  o.closeSync(fd);
  return tmp;
}

function syncDir(dir: string, o: FileOps): void {
  try {
    const fd = o.openSync(dir, fs.constants.O_RDONLY);
    try {
      o.fsyncSync(fd);
    } finally {
      o.closeSync(fd);
    }
  } catch {
    // Some filesystems cannot fsync a directory; the rename itself is still atomic.
  }
}

interface Staged {
  readonly file: string;
  tmp?: string;
  /** A hard link (or copy) of the file that was there, to put back if the batch fails. */
  backup?: string;
  committed?: boolean;
}

/** Moves a staged temp file into place, keeping what was there so it can be put back. */
function commit(s: Staged, replace: ReplacePolicy, o: FileOps): void {
  const tmp = s.tmp as string;
  if (replace === 'never') {
    try {
      // link() fails with EEXIST if anything appeared at the path since the check: never clobbers.
      o.linkSync(tmp, s.file);
    } catch (err) {
      if (code(err) === 'EEXIST') throw new FileWriteError(`${s.file} already exists`, s.file, 'exists');
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS'].includes(code(err) ?? '')) throw err;
      // No hard links on this filesystem: check again, then rename.
      const problem = targetProblem(s.file, 'never', o);
      if (problem) throw new FileWriteError(problem.message, s.file, problem.reason);
      o.renameSync(tmp, s.file);
      s.tmp = undefined;
    }
    s.committed = true;
    return;
  }
  const problem = targetProblem(s.file, replace, o);
  if (problem) throw new FileWriteError(problem.message, s.file, problem.reason);
  let exists = true;
  try {
    o.lstatSync(s.file);
  } catch (err) {
    if (code(err) !== 'ENOENT') throw err;
    exists = false;
  }
  if (exists) {
    const backup = tempName(s.file, 'old');
    try {
      o.linkSync(s.file, backup);
    } catch {
      o.copyFileSync(s.file, backup, fs.constants.COPYFILE_EXCL);
      o.chmodSync(backup, (o.lstatSync(s.file) as fs.Stats).mode & 0o7777);
    }
    s.backup = backup;
  }
  o.renameSync(tmp, s.file);
  s.tmp = undefined;
  s.committed = true;
}

/** Puts back what was at a committed path (or removes the new file), and drops temp files. */
function undo(s: Staged, o: FileOps): void {
  if (s.committed) {
    if (s.backup) ignore(() => o.renameSync(s.backup as string, s.file));
    else ignore(() => o.unlinkSync(s.file));
    s.backup = undefined;
  }
  if (s.tmp) ignore(() => o.unlinkSync(s.tmp as string));
  if (s.backup) ignore(() => o.unlinkSync(s.backup as string));
}

/**
 * Writes every file or none. Each target is checked first (see targetProblem), so a refused
 * target changes nothing; a failure while writing or moving puts back every file already moved.
 * @throws FileWriteError naming the path
 */
export function writeFilesAtomic(files: readonly FileToWrite[], options: WriteOptions): void {
  const o = opsOf(options);
  const seen = new Set<string>();
  for (const f of files) {
    const problem = targetProblem(f.path, options.replace, o);
    if (problem) throw new FileWriteError(problem.message, f.path, problem.reason);
    if (seen.has(path.resolve(f.path))) throw new FileWriteError(`${f.path} is given twice; give each file its own path`, f.path);
    seen.add(path.resolve(f.path));
  }
  const staged: Staged[] = [];
  const createdDirs: string[] = [];
  let current = files[0]?.path ?? '';
  try {
    for (const f of files) {
      current = f.path;
      createdDirs.push(...makeParents(f.path, o));
      staged.push({ file: f.path, tmp: writeTemp(f.path, f.content, f.mode ?? DEFAULT_FILE_MODE, o) });
    }
    for (const s of staged) {
      current = s.file;
      commit(s, options.replace, o);
    }
  } catch (err) {
    for (const s of [...staged].reverse()) undo(s, o);
    for (const dir of [...createdDirs].reverse()) ignore(() => o.rmdirSync(dir));
    throw writeProblem(err, current);
  }
  for (const s of staged) {
    if (s.tmp) ignore(() => o.unlinkSync(s.tmp as string));
    if (s.backup) ignore(() => o.unlinkSync(s.backup as string));
  }
  for (const dir of new Set(staged.map((s) => path.dirname(s.file)))) syncDir(dir, o);
}

/** One file, atomically (see writeFilesAtomic). @throws FileWriteError naming the path */
export function writeFileAtomic(file: string, content: string | Uint8Array, options: WriteOptions & { readonly mode?: number }): void {
  writeFilesAtomic([{ path: file, content, mode: options.mode }], options);
}
