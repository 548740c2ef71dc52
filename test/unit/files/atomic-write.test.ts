/**
 * The atomic writer shared by `ptc` and `talos_local_file`, on real temporary directories: exact
 * mode, no clobbering with `replace: 'never'`, links, directories, FIFOs and kernel filesystems
 * refused before anything changes, and batches that are all or nothing when a write or a rename
 * fails halfway (a full disk simulated by failing one system call).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileWriteError, targetProblem, writeFileAtomic, writeFilesAtomic, type FileOps } from '../../../providers/files/atomic-write';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-atomic-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const read = (f: string) => fs.readFileSync(f, 'utf8');
/** Everything under tmp, recursively (temporary or backup files would show here). */
const tree = () => (fs.readdirSync(tmp, { recursive: true }) as string[]).sort();

function refused(fn: () => void): FileWriteError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FileWriteError);
    return err as FileWriteError;
  }
  throw new Error('expected the write to be refused');
}

const ENOSPC = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('one file', () => {
  test('new file: exact mode whatever the umask, parents 0700, nothing else left', () => {
    const file = path.join(tmp, 'a', 'b', 'secrets.yaml');
    const old = process.umask(0o077);
    try {
      writeFileAtomic(file, 'one', { replace: 'never', mode: 0o640 });
    } finally {
      process.umask(old);
    }
    expect(read(file)).toBe('one');
    expect(mode(file)).toBe(0o640);
    expect(mode(path.join(tmp, 'a'))).toBe(0o700);
    expect(tree()).toEqual(['a', path.join('a', 'b'), path.join('a', 'b', 'secrets.yaml')]);
  });

  test("replace 'never' refuses an existing file and leaves it as it was", () => {
    const file = path.join(tmp, 'f');
    fs.writeFileSync(file, 'mine', { mode: 0o644 });
    const err = refused(() => writeFileAtomic(file, 'new', { replace: 'never' }));
    expect(err.reason).toBe('exists');
    expect(err.message).toBe(`${file} already exists`);
    expect(read(file)).toBe('mine');
    expect(mode(file)).toBe(0o644);
    expect(tree()).toEqual(['f']);
  });

  test("replace 'regular-file' replaces with a new inode and the new mode", () => {
    const file = path.join(tmp, 'f');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    const ino = fs.statSync(file).ino;
    writeFileAtomic(file, 'new', { replace: 'regular-file' });
    expect(read(file)).toBe('new');
    expect(mode(file)).toBe(0o600);
    expect(fs.statSync(file).ino).not.toBe(ino);
    expect(tree()).toEqual(['f']);
  });

  test('a symbolic link at the path is never followed nor replaced, whatever the policy', () => {
    const target = path.join(tmp, 'target');
    fs.writeFileSync(target, 'precious', { mode: 0o644 });
    const link = path.join(tmp, 'link');
    fs.symlinkSync(target, link);
    for (const replace of ['never', 'regular-file'] as const) {
      const err = refused(() => writeFileAtomic(link, 'new', { replace }));
      expect(err.reason).toBe('symlink');
      expect(err.message).toBe(`${link} is a symbolic link (to ${target}); links are never written through or replaced: give the path of the real file, or remove the link`);
    }
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(read(target)).toBe('precious');
    expect(mode(target)).toBe(0o644);
    // A dangling link too: writing would create a file wherever it points.
    const dangling = path.join(tmp, 'dangling');
    fs.symlinkSync(path.join(tmp, 'nowhere'), dangling);
    expect(refused(() => writeFileAtomic(dangling, 'x', { replace: 'never' })).reason).toBe('symlink');
    expect(fs.existsSync(path.join(tmp, 'nowhere'))).toBe(false);
  });

  test('directories, FIFOs, devices and kernel filesystems are refused before anything is created', () => {
    fs.mkdirSync(path.join(tmp, 'dir'));
    expect(refused(() => writeFileAtomic(path.join(tmp, 'dir'), 'x', { replace: 'regular-file' })).message).toBe(`${path.join(tmp, 'dir')} is a directory; remove it or choose another path`);
    const fifo = path.join(tmp, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refused(() => writeFileAtomic(fifo, 'x', { replace: 'regular-file' })).message).toBe(`${fifo} is a FIFO (named pipe), not a regular file; choose another path`);
    expect(refused(() => writeFileAtomic('/dev/null', 'x', { replace: 'regular-file' })).reason).toBe('special');
    expect(refused(() => writeFileAtomic('/proc/ptc-test', 'x', { replace: 'never' })).message).toMatch(/^\/proc\/ptc-test is under \/proc, which holds kernel and device entries/);
    expect(refused(() => writeFileAtomic('/proc/self/ptc/x', 'x', { replace: 'never' })).reason).toBe('special');
    expect(refused(() => writeFileAtomic('/sys/ptc-test', 'x', { replace: 'never' })).reason).toBe('special');
    expect(refused(() => writeFileAtomic('/dev/ptc-test', 'x', { replace: 'never' })).reason).toBe('special');
    expect(fs.existsSync('/dev/ptc-test')).toBe(false);
    expect(tree()).toEqual(['dir', 'fifo']);
  });

  test('a parent that is a file or a symbolic link loop is refused, naming the path', () => {
    fs.writeFileSync(path.join(tmp, 'plain'), 'x');
    expect(refused(() => writeFileAtomic(path.join(tmp, 'plain', 'sub', 'f'), 'x', { replace: 'never' })).message).toBe(
      `cannot create the directory ${path.join(tmp, 'plain', 'sub')}: part of it is a file; choose another path`,
    );
    fs.symlinkSync(path.join(tmp, 'loop-b'), path.join(tmp, 'loop-a'));
    fs.symlinkSync(path.join(tmp, 'loop-a'), path.join(tmp, 'loop-b'));
    expect(refused(() => writeFileAtomic(path.join(tmp, 'loop-a', 'f'), 'x', { replace: 'never' })).message).toBe(
      `a directory above ${path.join(tmp, 'loop-a', 'f')} is a symbolic link loop; fix the link or choose another path`,
    );
    expect(tree()).toEqual(['loop-a', 'loop-b', 'plain']);
  });

  test('a parent directory reached through a link is fine: only the last component must not be a link', () => {
    fs.mkdirSync(path.join(tmp, 'real'));
    fs.symlinkSync(path.join(tmp, 'real'), path.join(tmp, 'via'));
    writeFileAtomic(path.join(tmp, 'via', 'f'), 'x', { replace: 'never' });
    expect(read(path.join(tmp, 'real', 'f'))).toBe('x');
    expect(targetProblem(path.join(tmp, 'via', 'g'), 'never')).toBeUndefined();
  });

  test('a file that appears after the check is not clobbered (link(2) refuses it)', () => {
    const file = path.join(tmp, 'f');
    const ops: Partial<FileOps> = {
      fsyncSync: (fd) => {
        // While the temp file is flushed, another program creates the target.
        if (!fs.existsSync(file)) fs.writeFileSync(file, 'theirs');
        fs.fsyncSync(fd);
      },
    };
    const err = refused(() => writeFileAtomic(file, 'ours', { replace: 'never', ops }));
    expect(err.reason).toBe('exists');
    expect(read(file)).toBe('theirs');
    expect(tree()).toEqual(['f']);
  });

  test('without hard links (EPERM from link) a new file is still written', () => {
    const file = path.join(tmp, 'f');
    const ops: Partial<FileOps> = {
      linkSync: () => {
        throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
      },
    };
    writeFileAtomic(file, 'x', { replace: 'never', ops });
    expect(read(file)).toBe('x');
    expect(tree()).toEqual(['f']);
  });

  test('a full disk while writing: the old file is intact, no temporary file is left, the error names the path', () => {
    const file = path.join(tmp, 'f');
    fs.writeFileSync(file, 'old');
    const err = refused(() =>
      writeFileAtomic(file, 'new', {
        replace: 'regular-file',
        ops: {
          writeSync: () => {
            throw ENOSPC();
          },
        },
      }),
    );
    expect(err.message).toBe(`no space left to write ${file}; free some space in ${tmp} and run again (nothing was changed)`);
    expect(read(file)).toBe('old');
    expect(tree()).toEqual(['f']);
  });
});

describe('a batch is all or nothing', () => {
  const files = (dir: string) => ['a.yaml', 'b.yaml', 'c.yaml'].map((n) => ({ path: path.join(dir, n), content: `new ${n}` }));

  test('the second of three renames fails: the first is put back, no new file, no temp, no new directory', () => {
    const dir = path.join(tmp, 'out');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'old a', { mode: 0o640 });
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'old b');
    const ops: Partial<FileOps> = {
      renameSync: (from, to) => {
        if (String(to).endsWith('b.yaml')) throw ENOSPC();
        fs.renameSync(from, to);
      },
    };
    const err = refused(() => writeFilesAtomic(files(dir), { replace: 'regular-file', ops }));
    expect(err.file).toBe(path.join(dir, 'b.yaml'));
    expect(err.message).toContain(`no space left to write ${path.join(dir, 'b.yaml')}`);
    expect(read(path.join(dir, 'a.yaml'))).toBe('old a');
    expect(mode(path.join(dir, 'a.yaml'))).toBe(0o640);
    expect(read(path.join(dir, 'b.yaml'))).toBe('old b');
    expect(fs.readdirSync(dir).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  test("new files with replace 'never': a failure on the third removes the first two and the directories made for them", () => {
    const dir = path.join(tmp, 'new', 'out');
    const ops: Partial<FileOps> = {
      linkSync: (from, to) => {
        if (String(to).endsWith('c.yaml')) throw ENOSPC();
        fs.linkSync(from, to);
      },
    };
    refused(() => writeFilesAtomic(files(dir), { replace: 'never', ops }));
    expect(tree()).toEqual([]);
  });

  test('one refused target changes nothing at all, even for the files before it', () => {
    const dir = path.join(tmp, 'out');
    fs.mkdirSync(path.join(dir, 'c.yaml'), { recursive: true });
    const err = refused(() => writeFilesAtomic(files(dir), { replace: 'never' }));
    expect(err.reason).toBe('directory');
    expect(fs.readdirSync(dir)).toEqual(['c.yaml']);
  });

  test('the same path twice is refused', () => {
    const f = path.join(tmp, 'f');
    expect(
      refused(() =>
        writeFilesAtomic(
          [
            { path: f, content: 'a' },
            { path: path.join(tmp, '.', 'f'), content: 'b' },
          ],
          { replace: 'never' },
        ),
      ).message,
    ).toBe(`${path.join(tmp, 'f')} is given twice; give each file its own path`);
    expect(tree()).toEqual([]);
  });

  test('all succeed: every file written 0600, nothing else left', () => {
    writeFilesAtomic(files(tmp), { replace: 'never' });
    expect(tree()).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    for (const f of files(tmp)) {
      expect(read(f.path)).toBe(f.content);
      expect(mode(f.path)).toBe(0o600);
    }
  });
});
