/**
 * Reads the text files a definition consists of or points at (the definition itself, patch
 * files, the CA file) with bounds: only regular files (a FIFO would block, a directory or a
 * dangling or looping symbolic link says so), at most 1 MiB, UTF-8 only (an invalid byte is named
 * by line, column and offset instead of silently becoming U+FFFD). A UTF-8 byte order mark is
 * dropped; UTF-16 and NUL bytes (binary files) are refused.
 */
import { lstatSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';

/** Largest definition, patch or CA file read (a definition is a few KiB). */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;

/** A file that cannot be used as text; `reason` reads after the file's name ("is a directory"). */
export class UnreadableFileError extends Error {
  constructor(
    readonly reason: string,
    /** The fix, as the problem's example. */
    readonly fix: string,
    /** The errno code behind it; undefined for a dangling symbolic link and for content problems. */
    readonly code?: string,
    /** True when the path is the problem (missing, a directory, a link), not the content. */
    readonly aboutPath = false,
  ) {
    super(reason);
    this.name = 'UnreadableFileError';
  }
}

/** "a FIFO" etc. for a non-regular file. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Why `stat` failed, worded for a user; also says when the name is a dangling symbolic link. */
export function describeStatError(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': {
      try {
        if (lstatSync(file).isSymbolicLink()) return `is a symbolic link to ${readlinkSync(file)}, which does not exist`;
      } catch {
        // Not there at all.
      }
      return `does not exist (${file})`;
    }
    case 'ELOOP':
      return 'is a symbolic link loop (the link points back at itself)';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ENOTDIR':
      return 'cannot be read: a part of its path is a file, not a directory';
    case 'ENAMETOOLONG':
      return 'cannot be read: the path is too long';
    default:
      return `cannot be read (${code ?? String((err as Error | undefined)?.message ?? err).split('\n')[0]})`;
  }
}

/** Line and column (1-based) of a byte offset; columns count bytes. */
function position(buf: Buffer, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return `line ${line}, column ${offset - start + 1} (byte offset ${offset})`;
}

/** Offset of the first byte that is not well-formed UTF-8 (RFC 3629), or -1. */
export function invalidUtf8Offset(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += n + 1;
  }
  return -1;
}

const SAVE_AS_UTF8 = 'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 old > new)';

/** The text of `buf` as UTF-8, or throws UnreadableFileError naming the first bad byte. */
export function decodeUtf8Text(buf: Buffer): string {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new UnreadableFileError('is UTF-16 encoded (it starts with a UTF-16 byte order mark); only UTF-8 is read', SAVE_AS_UTF8);
  }
  const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  const nul = body.indexOf(0);
  if (nul >= 0) throw new UnreadableFileError(`holds a NUL byte at ${position(body, nul)}, so it is binary, not text`, 'save it as plain UTF-8 text');
  const bad = invalidUtf8Offset(body);
  if (bad >= 0) {
    throw new UnreadableFileError(`is not valid UTF-8: byte 0x${body[bad].toString(16).toUpperCase().padStart(2, '0')} at ${position(body, bad)}`, SAVE_AS_UTF8);
  }
  return body.toString('utf8');
}

/**
 * The text of a regular file of at most `maxBytes`, following symbolic links.
 * @throws UnreadableFileError saying what is wrong and how to fix it
 */
export function readTextFile(file: string, maxBytes = MAX_TEXT_FILE_BYTES): string {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (err) {
    const reason = describeStatError(file, err);
    const code = reason.startsWith('is a symbolic link to') ? undefined : (err as NodeJS.ErrnoException).code;
    throw new UnreadableFileError(reason, 'check the path (relative paths start at the definition file) and that the file exists', code, true);
  }
  if (!st.isFile()) throw new UnreadableFileError(`is ${kindOf(st)}, not a file`, 'point it at a regular file', undefined, true);
  if (st.size > maxBytes) {
    throw new UnreadableFileError(`is ${st.size} bytes; at most ${maxBytes} bytes (${maxBytes / 1024} KiB) are read`, 'keep the file small: it is configuration, not data');
  }
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new UnreadableFileError(describeStatError(file, err), 'check the file permissions', (err as NodeJS.ErrnoException).code, true);
  }
  // The size may have changed between stat and read.
  if (buf.length > maxBytes) throw new UnreadableFileError(`is more than ${maxBytes} bytes`, 'keep the file small: it is configuration, not data');
  return decodeUtf8Text(buf);
}
