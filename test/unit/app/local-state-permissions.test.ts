/**
 * State directories 0700 and state files 0600 (state, .backup, kept interrupted copies); other
 * files of the directory and symbolic links are left as they are.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { protectLocalStates } from '../../../stacks/local-state-permissions';

let outdir: string;
beforeEach(() => (outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-state-modes-'))));
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

const mode = (p: string) => fs.lstatSync(p).mode & 0o777;

test('missing directories are created 0700; existing ones and their state files are tightened', () => {
  const dir = path.join(outdir, 'stacks', 'c-talos');
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  const files = ['terraform.c-talos.tfstate', 'terraform.c-talos.tfstate.backup', 'terraform.c-talos.tfstate.interrupted-2026-01-01T00-00-00-000Z'].map((n) => path.join(dir, n));
  for (const f of files) fs.writeFileSync(f, '{}', { mode: 0o644 });
  const json = path.join(dir, 'cdk.tf.json');
  fs.writeFileSync(json, '{}', { mode: 0o644 });
  const outside = path.join(outdir, 'elsewhere.tfstate');
  fs.writeFileSync(outside, '{}', { mode: 0o644 });
  fs.symlinkSync(outside, path.join(dir, 'terraform.c-talos.tfstate.interrupted-link'));

  const result = protectLocalStates(outdir, ['c-proxmox', 'c-talos']);
  expect(mode(path.join(outdir, 'stacks', 'c-proxmox'))).toBe(0o700);
  expect(mode(dir)).toBe(0o700);
  for (const f of files) expect({ f, mode: mode(f) }).toEqual({ f, mode: 0o600 });
  expect(mode(json)).toBe(0o644);
  expect(mode(outside)).toBe(0o644);
  expect([...(result.find((r) => r.stack === 'c-talos')?.tightened ?? [])].sort()).toEqual([...files].sort());
  // Idempotent: nothing left to tighten.
  expect(protectLocalStates(outdir, ['c-talos'])[0].tightened).toEqual([]);
});

test('a file where the state directory belongs is an error naming it', () => {
  fs.mkdirSync(path.join(outdir, 'stacks'));
  fs.writeFileSync(path.join(outdir, 'stacks', 'c-capi'), 'x');
  expect(() => protectLocalStates(outdir, ['c-capi'])).toThrow(/stacks\/c-capi is not a directory; the state of c-capi is kept there/);
});
