import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

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

/** Writes a file readable only by its owner (configs and secrets hold private keys). */
export function writeSecretFile(io: CliIo, path: string, contents: string, force: boolean): string {
  const full = assertCanWrite(io, path, force);
  mkdirSync(dirname(full), { recursive: true, mode: 0o700 });
  writeFileSync(full, contents, { mode: 0o600 });
  // The mode above only applies to new files; an overwritten file keeps its old mode otherwise.
  chmodSync(full, 0o600);
  return full;
}

/** Fails (before any work is done) when the file exists and --force was not given; returns the absolute path. */
export function assertCanWrite(io: CliIo, path: string, force: boolean): string {
  const full = resolve(io.cwd, path);
  if (!force && existsSync(full)) throw new Error(`file "${full}" already exists, use --force to overwrite`);
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
