/**
 * Repairs a local state file that an interrupted Terraform run left unreadable.
 *
 * Terraform's local backend rewrites `terraform.<stack>.tfstate` in place (truncate, then write),
 * so a run killed in between leaves an empty or cut-off file. The next run would read that as "never
 * deployed" and, for the Talos stage, generate new cluster secrets that the running nodes refuse.
 * Terraform keeps `<file>.backup`, the state at the start of the killed run; restoring it loses only
 * what that run itself recorded, and our resources re-converge from there (applies are idempotent,
 * bootstrap answers AlreadyExists). The damaged file is kept beside it, so nothing is thrown away.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface StateRecovery {
  readonly stack: string;
  readonly file: string;
  /** Where the damaged file was moved. */
  readonly damagedCopy: string;
  /** Resources in the restored state; undefined when OpenTofu encrypted it (only the engine can read it). */
  readonly restoredResources: number | undefined;
}

/** A readable state: its resource count, unknown when the file is an OpenTofu encrypted envelope. */
interface StateFile {
  readonly resources: number | undefined;
}

/**
 * Whether parsed state JSON is OpenTofu's client-side encryption envelope (`encryption_version`,
 * `encrypted_data`; serial and lineage stay in clear) rather than a plain state.
 */
export function isEncryptedStateEnvelope(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const { encryption_version: version, encrypted_data: data } = json as { encryption_version?: unknown; encrypted_data?: unknown };
  return typeof version === 'string' && version !== '' && typeof data === 'string';
}

/**
 * A state file's JSON, or undefined when it is not a state file. An OpenTofu encrypted envelope is
 * a whole state too, though its resources cannot be counted without the key.
 */
function readState(text: string): StateFile | undefined {
  try {
    const state = JSON.parse(text) as { version?: unknown; resources?: unknown[] };
    if (typeof state !== 'object' || state === null) return undefined;
    if (isEncryptedStateEnvelope(state)) return { resources: undefined };
    if (typeof state.version !== 'number') return undefined;
    return { resources: Array.isArray(state.resources) ? state.resources.length : 0 };
  } catch {
    return undefined;
  }
}

/**
 * Restores each stack's damaged local state from its backup. An empty file with no backup is left
 * alone: Terraform creates it empty when it locks a stage's first run, and nothing was recorded yet.
 * @throws when a damaged file has no usable backup, naming the file and what to do
 */
export function recoverInterruptedLocalStates(outdir: string, stackIds: readonly string[], settleMs = 1000, now: Date = new Date()): StateRecovery[] {
  const recovered: StateRecovery[] = [];
  for (const stack of stackIds) {
    const file = path.join(outdir, 'stacks', stack, `terraform.${stack}.tfstate`);
    if (!fs.existsSync(file)) continue;
    let text = fs.readFileSync(file, 'utf8');
    if (readState(text) !== undefined) continue;
    // A live run (say, a deploy in another terminal) holds the file empty for milliseconds only.
    if (Date.now() - fs.statSync(file).mtimeMs < settleMs) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, settleMs);
      text = fs.readFileSync(file, 'utf8');
      if (readState(text) !== undefined) continue;
    }
    const backup = `${file}.backup`;
    const backupText = fs.existsSync(backup) ? fs.readFileSync(backup, 'utf8') : undefined;
    const restorable = backupText === undefined ? undefined : readState(backupText);
    if (restorable === undefined) {
      if (text.trim() === '' && backupText === undefined) continue;
      throw new Error(
        `${file} is damaged (${text.length} bytes, not a Terraform state), probably by an interrupted run, and ${backupText === undefined ? 'there is no .backup' : `${backup} is not a state either`}. ` +
          `Restore it from a copy you trust, or run \`terraform state push\` (\`tofu state push\` under OpenTofu) in ${path.dirname(file)}; do not deploy over it (the stage would be created anew).`,
      );
    }
    const damagedCopy = `${file}.interrupted-${now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(file, damagedCopy);
    fs.copyFileSync(backup, file);
    fs.chmodSync(file, 0o600);
    recovered.push({ stack, file, damagedCopy, restoredResources: restorable.resources });
  }
  return recovered;
}
