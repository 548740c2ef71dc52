import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageHashV1 } from '../../../tools/tfc/dirhash';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-dirhash-'));
  fs.mkdirSync(path.join(dir, 'proto', 'Z'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'terraform-provider-talos_v0.1.0'), '#!/bin/sh\nexec node provider.cjs\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'provider.cjs'), 'module.exports = 1;\n');
  fs.writeFileSync(path.join(dir, 'proto', 'plugin.proto'), 'syntax = "proto3";\n');
  fs.writeFileSync(path.join(dir, 'proto', 'Z', 'b.proto'), '');
  fs.writeFileSync(path.join(dir, 'proto', 'a-b.proto'), 'x');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The same hash from coreutils: `sha256sum` prints "<hex>  <name>", the line format Hash1 uses. */
function coreutilsHash(root: string): string {
  const files = execFileSync('find', ['.', '-type', 'f'], { cwd: root, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^\.\//, ''))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const lines = execFileSync('sha256sum', ['--', ...files], { cwd: root });
  return `h1:${createHash('sha256').update(lines).digest('base64')}`;
}

test("matches Terraform's h1 algorithm (checked against coreutils)", () => {
  expect(packageHashV1(dir)).toBe(coreutilsHash(dir));
});

test('any content or name change changes the hash; file modes do not', () => {
  const before = packageHashV1(dir);
  fs.chmodSync(path.join(dir, 'provider.cjs'), 0o700);
  expect(packageHashV1(dir)).toBe(before);
  fs.appendFileSync(path.join(dir, 'provider.cjs'), ' ');
  const edited = packageHashV1(dir);
  expect(edited).not.toBe(before);
  fs.renameSync(path.join(dir, 'proto', 'a-b.proto'), path.join(dir, 'proto', 'a_b.proto'));
  expect(packageHashV1(dir)).not.toBe(edited);
});

test('refuses a file', () => {
  expect(() => packageHashV1(path.join(dir, 'provider.cjs'))).toThrow(/is not a provider package directory/);
});
