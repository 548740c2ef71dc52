import { resolve } from 'node:path';
import { FileWriteError, targetProblem, writeFilesAtomic, type TargetProblemReason } from '../files/atomic-write';

/** What a command may touch: its streams and working directory (so tests can run it in-process). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

/** A command-line mistake: reported with usage, exit code 2. */
export class UsageError extends Error {}

/** The message for a refused target; an existing file names the flag that allows replacing it. */
function refusal(full: string, reason: TargetProblemReason | undefined, message: string): string {
  return reason === 'exists' ? `file "${full}" already exists, use --force to overwrite` : message;
}

/**
 * Writes files readable only by their owner (configs and secrets hold private keys), all or none:
 * each atomically (temporary file in the same directory, flushed, renamed), never through a
 * symbolic link, never a device, FIFO or directory; an existing file only with --force. On failure
 * the old files are intact and no new one is left. Returns the absolute paths.
 */
export function writeSecretFiles(io: CliIo, files: readonly { readonly path: string; readonly contents: string }[], force: boolean): string[] {
  const full = files.map((f) => ({ path: resolve(io.cwd, f.path), content: f.contents, mode: 0o600 }));
  try {
    writeFilesAtomic(full, { replace: force ? 'regular-file' : 'never' });
  } catch (err) {
    if (!(err instanceof FileWriteError)) throw err;
    throw new Error(refusal(err.file, err.reason, err.message));
  }
  return full.map((f) => f.path);
}

/**
 * Fails (before any work is done, so no secret is generated and lost) when the file cannot be
 * written: it exists and --force was not given, or it is a link, a directory or a special file.
 * Returns the absolute path.
 */
export function assertCanWrite(io: CliIo, path: string, force: boolean): string {
  const full = resolve(io.cwd, path);
  const problem = targetProblem(full, force ? 'regular-file' : 'never');
  if (problem) throw new Error(refusal(full, problem.reason, problem.message));
  return full;
}

/** Runs a flag-value parser, reporting its error as a usage error (exit code 2). */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
