/**
 * The lab's command line: `up --detach` starts it in the background and returns once it serves,
 * `status` reports it, `down` stops it and everything it started (its listeners close). Runs
 * without the management cluster to stay quick; a separate .lab root keeps a user's lab untouched.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../tools/build/catalog';
import { parseEnvFile } from '../../lab/env/env-file';
import { readPidRecord } from '../../lab/env/daemon';
import { labPaths } from '../../lab/env/paths';
import { run } from '../../support/terraform';

jest.setTimeout(5 * 60_000);

const lab = (root: string, ...args: string[]) =>
  run(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(REPO_ROOT, 'test/lab/env/main.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, PTC_LAB_ROOT: root },
    timeoutMs: 240_000,
  });

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('lab up --detach | status | down', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-lab-cli-'));
  });
  afterAll(async () => {
    if (root) {
      await lab(root, 'down');
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('starts in the background, reports, is reused, and stops without leftovers', async () => {
    const paths = labPaths(root);
    expect((await lab(root, 'status')).code).toBe(3);

    const up = await lab(root, 'up', '--detach', '--no-management', '--pve-port', '0');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/lab running \(pid \d+/);
    const record = readPidRecord(paths);
    expect(record && alive(record.pid)).toBe(true);
    const pid = (record as { pid: number }).pid;

    // The env file: owner-only, with what the deploy needs; the token never on stdout.
    expect(fs.statSync(paths.envFile).mode & 0o777).toBe(0o600);
    const env = parseEnvFile(fs.readFileSync(paths.envFile, 'utf8'));
    for (const k of ['PROXMOX_VE_ENDPOINT', 'PROXMOX_VE_API_TOKEN', 'SSL_CERT_FILE', 'PTC_LAB_PROXMOX_ENDPOINT', 'PTC_LAB_FACTORY_URL', 'PTC_LAB_MANAGEMENT_KUBECONFIG', 'TF_CLI_CONFIG_FILE']) {
      expect(env[k]).toBeTruthy();
    }
    // Only the variable the lab definition names (proxmox.credentials.apiTokenEnv); no Terraform variable.
    expect(env.TF_VAR_proxmox_api_token).toBeUndefined();
    expect(up.stdout).not.toContain(env.PROXMOX_VE_API_TOKEN);
    const pve = new URL(env.PROXMOX_VE_ENDPOINT);
    expect(pve.hostname).toBe('127.0.0.1');
    expect(await listening('127.0.0.1', Number(pve.port))).toBe(true);

    const status = await lab(root, 'status');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`pid ${pid}`);
    const again = await lab(root, 'up', '--detach', '--no-management', '--pve-port', '0');
    expect(again.stdout).toContain('lab already running');
    expect(readPidRecord(paths)?.pid).toBe(pid);

    const down = await lab(root, 'down');
    expect(down.stdout).toContain('lab stopped');
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(paths.pidFile)).toBe(false);
    expect(fs.existsSync(paths.envFile)).toBe(false);
    expect(await listening('127.0.0.1', Number(pve.port))).toBe(false);
    expect((await lab(root, 'status')).code).toBe(3);
  });
});
