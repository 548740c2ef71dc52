/**
 * `npm start` dropping an earlier lab's state removes the credential files that state wrote, and
 * only those still holding what it wrote: an edited file, a link or a missing one is left alone.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeCredentialFilesOfState } from '../../lab/stale-credential-files';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-stale-creds-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const instance = (file: string, content: string, priv?: object) => ({
  attributes: { id: file, path: file, content, file_permission: '0600', content_sha256: sha(content) },
  ...(priv ? { private: Buffer.from(JSON.stringify(priv)).toString('base64') } : {}),
});

test('removes unchanged files the state wrote; keeps edited ones, links and other resource types', () => {
  const f = (n: string) => path.join(dir, n);
  fs.writeFileSync(f('kubeconfig'), 'kube');
  fs.writeFileSync(f('talosconfig'), 'talos edited by hand');
  fs.writeFileSync(f('adopted'), 'adopted');
  fs.writeFileSync(f('target'), 'link target');
  fs.symlinkSync(f('target'), f('link'));
  fs.writeFileSync(f('other'), 'x');
  const state = {
    version: 4,
    resources: [
      {
        mode: 'managed',
        type: 'talos_local_file',
        name: 'files',
        instances: [
          instance(f('kubeconfig'), 'kube'),
          instance(f('talosconfig'), 'talos'),
          instance(f('adopted'), 'adopted', { written_sha256: sha('adopted') }),
          instance(f('link'), 'link target'),
          instance(f('gone'), 'x'),
        ],
      },
      { mode: 'managed', type: 'other_file', name: 'x', instances: [instance(f('other'), 'x')] },
    ],
  };
  fs.writeFileSync(f('state.tfstate'), JSON.stringify(state));
  expect(removeCredentialFilesOfState(f('state.tfstate'))).toEqual({ removed: [f('kubeconfig'), f('adopted')], kept: [f('talosconfig'), f('link')] });
  expect(fs.readdirSync(dir).sort()).toEqual(['link', 'other', 'state.tfstate', 'talosconfig', 'target']);
});

test('a private SHA-256 that differs from the file keeps it, even if the content attribute matches', () => {
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, 'kube');
  fs.writeFileSync(path.join(dir, 's'), JSON.stringify({ resources: [{ mode: 'managed', type: 'talos_local_file', instances: [instance(file, 'kube', { written_sha256: sha('other') })] }] }));
  expect(removeCredentialFilesOfState(path.join(dir, 's'))).toEqual({ removed: [], kept: [file] });
  expect(removeCredentialFilesOfState(path.join(dir, 'missing.tfstate'))).toEqual({ removed: [], kept: [] });
});

test('an encrypted state file is read through the decrypted JSON given; alone it removes nothing', () => {
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, 'kube');
  const plain = JSON.stringify({ version: 4, resources: [{ mode: 'managed', type: 'talos_local_file', instances: [instance(file, 'kube')] }] });
  fs.writeFileSync(path.join(dir, 'enc.tfstate'), JSON.stringify({ serial: 3, lineage: 'l', meta: {}, encrypted_data: 'c2VhbGVk', encryption_version: 'v0' }));
  expect(removeCredentialFilesOfState(path.join(dir, 'enc.tfstate'))).toEqual({ removed: [], kept: [] });
  expect(fs.existsSync(file)).toBe(true);
  expect(removeCredentialFilesOfState(path.join(dir, 'enc.tfstate'), plain)).toEqual({ removed: [file], kept: [] });
  expect(fs.existsSync(file)).toBe(false);
});
