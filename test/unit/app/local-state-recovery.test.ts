/**
 * Recovery of local state files an interrupted Terraform run cut off: restored from the backup,
 * the damaged file kept, healthy and never-written files left alone, no guess without a backup.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { recoverInterruptedLocalStates } from '../../../stacks/local-state-recovery';

let outdir: string;
const file = (stack: string) => path.join(outdir, 'stacks', stack, `terraform.${stack}.tfstate`);
const state = (resources: number) => JSON.stringify({ version: 4, serial: resources, resources: Array.from({ length: resources }, (_, i) => ({ name: `r${i}` })) });
function write(stack: string, text: string, backup?: string, ageMs = 60_000): void {
  fs.mkdirSync(path.dirname(file(stack)), { recursive: true });
  fs.writeFileSync(file(stack), text);
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(file(stack), t, t);
  if (backup !== undefined) fs.writeFileSync(`${file(stack)}.backup`, backup);
}

beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-recovery-'));
});
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

test('an empty or cut-off state is restored from its backup, the damaged file kept beside it', () => {
  write('lab-talos', '', state(7));
  write('lab-capi', '{"version": 4, "resour', state(2));
  const now = new Date('2026-11-22T04:00:00.000Z');
  const recovered = recoverInterruptedLocalStates(outdir, ['lab-proxmox', 'lab-talos', 'lab-capi'], 0, now);
  expect(recovered.map((r) => [r.stack, r.restoredResources])).toEqual([
    ['lab-talos', 7],
    ['lab-capi', 2],
  ]);
  expect(fs.readFileSync(file('lab-talos'), 'utf8')).toBe(state(7));
  expect(fs.statSync(file('lab-talos')).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(`${file('lab-capi')}.interrupted-2026-11-22T04-00-00-000Z`, 'utf8')).toBe('{"version": 4, "resour');
});

test('healthy files, missing files and an empty file with nothing to restore are left alone', () => {
  write('a-proxmox', state(3), state(1));
  write('a-talos', '');
  expect(recoverInterruptedLocalStates(outdir, ['a-proxmox', 'a-talos', 'a-capi'], 0)).toEqual([]);
  expect(fs.readFileSync(file('a-proxmox'), 'utf8')).toBe(state(3));
  expect(fs.readFileSync(file('a-talos'), 'utf8')).toBe('');
});

// OpenTofu's client-side state encryption writes an envelope: serial and lineage in clear, the state sealed.
const encrypted = (serial: number) => JSON.stringify({ serial, lineage: 'l-1', meta: { 'key_provider.pbkdf2.main': 'e30=' }, encrypted_data: 'c2VhbGVk', encryption_version: 'v0' });

test('OpenTofu-encrypted states count as whole: left alone, or restored from an encrypted backup', () => {
  write('enc-proxmox', encrypted(3), encrypted(2));
  write('enc-talos', '{"serial": 4, "lineage": "l-1", "meta"', encrypted(4));
  const recovered = recoverInterruptedLocalStates(outdir, ['enc-proxmox', 'enc-talos'], 0);
  expect(recovered.map((r) => [r.stack, r.restoredResources])).toEqual([['enc-talos', undefined]]);
  expect(fs.readFileSync(file('enc-proxmox'), 'utf8')).toBe(encrypted(3));
  expect(fs.readFileSync(file('enc-talos'), 'utf8')).toBe(encrypted(4));
  // An envelope without its sealed data is no state.
  write('enc-capi', JSON.stringify({ serial: 1, encryption_version: 'v0' }));
  expect(() => recoverInterruptedLocalStates(outdir, ['enc-capi'], 0)).toThrow(/enc-capi\.tfstate is damaged/);
});

test('a file a live run is rewriting right now is not touched once it reads whole again', async () => {
  write('live-talos', '', state(1), 0);
  const settle = 2000;
  // The check blocks the thread; the rewrite lands from a child process meanwhile.
  const child = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(file('live-talos'))}, ${JSON.stringify(state(4))}), 50)`]);
  await new Promise((r) => child.once('spawn', r));
  expect(recoverInterruptedLocalStates(outdir, ['live-talos'], settle)).toEqual([]);
  await new Promise((r) => child.once('exit', r));
  expect(fs.readFileSync(file('live-talos'), 'utf8')).toBe(state(4));
});

test('a damaged file without a usable backup stops with the file named and what to do', () => {
  write('x-talos', '{"vers');
  expect(() => recoverInterruptedLocalStates(outdir, ['x-talos'], 0)).toThrow(/x-talos\.tfstate is damaged \(6 bytes, not a Terraform state\).*there is no \.backup.*terraform state push/);
  write('y-talos', '', 'garbage');
  expect(() => recoverInterruptedLocalStates(outdir, ['y-talos'], 0)).toThrow(/y-talos\.tfstate\.backup is not a state either/);
  expect(fs.readFileSync(file('x-talos'), 'utf8')).toBe('{"vers');
});
