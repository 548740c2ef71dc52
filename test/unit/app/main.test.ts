/**
 * main.ts as cdktf runs it: a bad definition prints every problem and exits 1 before synth.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

test('bad definitions: all problems on stderr, exit 1, nothing synthesized', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-main-'));
  try {
    fs.mkdirSync(path.join(cwd, 'clusters'));
    fs.writeFileSync(path.join(cwd, 'clusters', 'a.yaml'), 'name: Bad_Name\nvmidBase: 1\n');
    fs.writeFileSync(path.join(cwd, 'clusters', 'b.yaml'), 'proxmox: 3\n');
    const res = spawnSync(process.execPath, ['--import', require.resolve('tsx'), path.join(REPO, 'main.ts')], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: path.join(cwd, 'out') },
      timeout: 60_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^\d+ problems in 2 cluster definitions:/);
    expect(res.stderr).toContain('clusters/a.yaml: name:');
    expect(res.stderr).toContain('clusters/b.yaml: proxmox:');
    expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
    expect(fs.existsSync(path.join(cwd, 'cdktf.out'))).toBe(false);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}, 60_000);
