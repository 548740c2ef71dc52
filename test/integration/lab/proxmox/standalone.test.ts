import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PveClient } from '../../../lab/proxmox/client';
import { tempDir } from './support';

jest.setTimeout(120_000);

const REPO = resolve(__dirname, '../../../..');

/** Starts `tsx test/lab/proxmox/main.ts` and resolves with what it prints. */
function startStandalone(args: string[]): Promise<{ child: ChildProcess; url: string; caFile: string; envFile: string; stdout: () => string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(REPO, 'node_modules/.bin/tsx'), ['test/lab/proxmox/main.ts', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (https:\/\/\S+)/.exec(out)?.[1];
      const caFile = /CA certificate: (\S+)/.exec(out)?.[1];
      const envFile = /Credentials \(env file\): (\S+)/.exec(out)?.[1];
      if (url && caFile && envFile) resolvePromise({ child, url, caFile, envFile, stdout: () => out });
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => r(code));
    child.kill('SIGTERM');
  });
}

describe('standalone simulator process', () => {
  const tmp = tempDir('pve-lab-cli-');
  afterAll(() => tmp.cleanup());

  it('prints URL, CA and env file (no secrets on stdout), serves JSON bodies and the lab control API', async () => {
    const { child, url, caFile, envFile, stdout } = await startStandalone(['--state', join(tmp.dir, 'pve.json'), '--port', '0', '--nodes', 'n1,n2', '--task-ms', '50', '--auth-delay-ms', '0']);
    try {
      const env = Object.fromEntries(
        readFileSync(envFile, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(env.PROXMOX_VE_ENDPOINT).toBe(`${url}/`);
      expect(env.SSL_CERT_FILE).toBe(caFile);
      const secret = env.PROXMOX_VE_API_TOKEN.split('=')[1];
      expect(secret).toMatch(/^[0-9a-f-]{36}$/);
      expect(stdout()).not.toContain(secret);
      expect(stdout()).not.toContain(env.PROXMOX_VE_PASSWORD);
      const api = new PveClient(url, readFileSync(caFile, 'utf8'), { kind: 'token', apiToken: env.PROXMOX_VE_API_TOKEN });
      expect((await api.data<Array<{ node: string }>>('GET', '/nodes')).map((n) => n.node)).toEqual(['n1', 'n2']);

      // JSON request bodies (numbers and booleans as JSON values) are accepted like form bodies.
      await api.data('POST', '/pools', { params: { poolid: 'jsonpool', comment: 'via json' }, json: true });
      await api.data('PUT', '/cluster/firewall/options', { params: { enable: 1, ebtables: true }, json: true });
      expect(await api.data('GET', '/cluster/firewall/options')).toMatchObject({ enable: 1, ebtables: 1 });

      const added = await api.data<{ id: number }>('POST', '/_lab/faults', {
        params: { kind: 'http-error', match: { pathPattern: '^/version$' } as unknown as string, status: 503, message: 'service unavailable', times: 1 },
        json: true,
      });
      expect(added.id).toBeGreaterThan(0);
      expect((await api.call('GET', '/version')).status).toBe(503);
      expect((await api.call('GET', '/version')).status).toBe(200);
      expect(await api.data('GET', '/_lab/inventory')).toEqual({ vms: [], images: [], pools: ['jsonpool'], vnets: [], zones: [], interfaces: [] });
      const requests = await api.data<Array<{ path: string; status: number }>>('GET', '/_lab/requests');
      expect(requests.filter((r) => r.path === '/version').map((r) => r.status)).toEqual([503, 200]);
      expect((await api.call('GET', '/_lab/requests', { auth: { kind: 'none' } })).status).toBe(401);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('rejects bad flags with a message naming the flag', async () => {
    await expect(startStandalone(['--port', '1'])).rejects.toThrow('--state: give the state file (created when missing)');
  });
});
