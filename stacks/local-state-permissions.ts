/**
 * Local state holds every secret of a stage (Talos CA keys, tokens, kubeconfigs), and Terraform's
 * local backend writes it with the umask's mode (usually 0644). Each stack's directory under
 * `<outdir>/stacks/<id>/` (where localStatePath puts `terraform.<id>.tfstate`) is the app's own
 * synth output, so it is made 0700 before Terraform writes there: whatever mode Terraform gives
 * the files, no other user can open them. State files already there, their `.backup` and the
 * copies local-state-recovery.ts keeps are made 0600 as well.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const STATE_DIR_MODE = 0o700;
export const STATE_FILE_MODE = 0o600;

export interface ProtectedState {
  readonly stack: string;
  readonly dir: string;
  /** State files whose mode was tightened. */
  readonly tightened: readonly string[];
}

/** `<outdir>/stacks/<id>`: the directory of the stack's local state (see localStatePath). */
export function localStateDir(outdir: string, stackId: string): string {
  return path.join(outdir, 'stacks', stackId);
}

function isStateFile(stackId: string, name: string): boolean {
  const base = `terraform.${stackId}.tfstate`;
  return name === base || name === `${base}.backup` || name.startsWith(`${base}.interrupted-`);
}

const owned = (st: fs.Stats): boolean => typeof process.getuid !== 'function' || st.uid === process.getuid();

/**
 * Creates each stack's state directory 0700 (or tightens it) and makes its state files 0600.
 * Symbolic links and entries of other users are left alone.
 */
export function protectLocalStates(outdir: string, stackIds: readonly string[]): ProtectedState[] {
  const out: ProtectedState[] = [];
  for (const stack of stackIds) {
    const dir = localStateDir(outdir, stack);
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: STATE_DIR_MODE });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) throw new Error(`${dir} is not a directory; the state of ${stack} is kept there. Move it away and synthesize again.`);
    if (owned(st) && (st.mode & 0o777) !== STATE_DIR_MODE) fs.chmodSync(dir, STATE_DIR_MODE);
    const tightened: string[] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isFile() || !isStateFile(stack, e.name)) continue;
      const file = path.join(dir, e.name);
      const fst = fs.lstatSync(file);
      if (owned(fst) && (fst.mode & 0o077) !== 0) {
        fs.chmodSync(file, fst.mode & STATE_FILE_MODE);
        tightened.push(file);
      }
    }
    out.push({ stack, dir, tightened });
  }
  return out;
}
