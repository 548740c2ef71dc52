/**
 * The filesystem side of `talos_local_file`: what is at a path now, an atomic write with an exact
 * mode, removal, and the octal permission strings Terraform users write ("0600"). Errors name the
 * path and the fix and never carry the content.
 */
import { createHash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic as writeShared, type ReplacePolicy } from '../../../files/atomic-write';

/** What the path holds: nothing, a regular file (hash, permission bits), or something else. */
export type FileFacts = { readonly kind: 'missing' } | { readonly kind: 'file'; readonly mode: number; readonly sha256: string | null } | { readonly kind: 'other'; readonly what: string };

export function sha256Hex(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Symlinks are not followed: a link at the path is not the file Terraform wrote. */
export async function inspectFile(file: string): Promise<FileFacts> {
  let st: Awaited<ReturnType<typeof fsp.lstat>>;
  try {
    st = await fsp.lstat(file);
  } catch (err) {
    // ENOTDIR: a parent became a file, so the file cannot exist either.
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return { kind: 'missing' };
    throw err;
  }
  if (st.isDirectory()) return { kind: 'other', what: 'a directory' };
  if (st.isSymbolicLink()) return { kind: 'other', what: 'a symbolic link' };
  if (!st.isFile()) return { kind: 'other', what: 'not a regular file' };
  let sha256: string | null = null;
  try {
    sha256 = createHash('sha256')
      .update(await fsp.readFile(file))
      .digest('hex');
  } catch (err) {
    // Unreadable (e.g. chmod 000): the mode differs anyway, and the next apply rewrites it.
    if (code(err) !== 'EACCES' && code(err) !== 'EPERM') throw err;
  }
  return { kind: 'file', mode: st.mode & 0o777, sha256 };
}

/**
 * Writes `content` to `file` with exactly `mode` (see providers/files/atomic-write.ts): a temporary
 * file in the same directory, created owner-only, filled, set to `mode` regardless of the umask,
 * flushed, then moved into place, so readers see the old or the new file, never half. A symbolic
 * link, directory or special file at the path is refused; with `replace: 'never'` so is any
 * existing file. Missing parent directories are created owner-only (0700).
 */
export async function writeFileAtomic(file: string, content: string, mode: number, replace: ReplacePolicy = 'regular-file'): Promise<void> {
  writeShared(file, content, { mode, replace });
}

/** Removes the file; a missing file is already what we want. */
export async function removeFile(file: string): Promise<'removed' | 'missing'> {
  try {
    await fsp.unlink(file);
    return 'removed';
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return 'missing';
    if (code(err) === 'EACCES' || code(err) === 'EPERM') throw new Error(`no permission to remove ${file}; remove it yourself, or fix the permissions of ${path.dirname(file)}`);
    throw new Error(`cannot remove ${file}: ${(err as Error).message}`);
  }
}

const OCTAL_MODE = /^0?[0-7]{3}$/;

/** The permission bits of an octal string such as "0600" or "640"; undefined when malformed. */
export function parseFileMode(text: string): number | undefined {
  return OCTAL_MODE.test(text) ? parseInt(text, 8) : undefined;
}

/** "0600" for 0o600. */
export function formatFileMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

/**
 * Why a permission string is unfit for a credentials file, or undefined. The owner must be able
 * to read it (drift is detected by reading it back); the group may read it; nobody else may
 * touch it, and nobody but the owner may write it.
 */
export function filePermissionProblem(text: string): string | undefined {
  const mode = parseFileMode(text);
  if (mode === undefined) return `"${text}" is not an octal file mode; use four octal digits such as "0600"`;
  if ((mode & 0o400) === 0) return `"${text}" does not let the owner read the file; use "0600"`;
  if (mode & 0o007) return `"${text}" gives access to other users, and the file holds credentials; use "0600" (or "0640" to let the group read it)`;
  if (mode & 0o020) return `"${text}" lets the group write the file; use "0600" (or "0640" to let the group read it)`;
  return undefined;
}

/** Why `text` cannot be the path of the file, or undefined. */
export function filePathProblem(text: string): string | undefined {
  if (text.includes('\0')) return 'must not contain NUL characters';
  if (!path.isAbsolute(text)) {
    return `"${text}" is relative, and Terraform runs in the stack's directory; give an absolute path such as /home/me/.kube/lab.kubeconfig`;
  }
  if (text.endsWith('/') || path.basename(text) === '..' || path.basename(text) === '.') {
    return `"${text}" names a directory; give the file's path, e.g. ${path.join(text, 'kubeconfig')}`;
  }
  return undefined;
}
