/**
 * The lab's webhook egress proxy: the EgressSelectorConfiguration it writes, CONNECT tunnels to the
 * loopback target its resolver names, and refusals for everything else (never a non-loopback dial).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebhookEgress, type WebhookEgress } from '../../../lab/capi/webhook-egress';

let dir: string;
let egress: WebhookEgress;
let echo: Server;
let echoPort: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ptc-egress-'));
  egress = await startWebhookEgress(dir);
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  echoPort = (echo.address() as { port: number }).port;
});

afterEach(async () => {
  await egress.close();
  await new Promise((r) => echo.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** Sends `request` over the proxy socket and collects what comes back until the proxy closes or `expect` is seen. */
function exchange(request: string, until: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(egress.socketPath);
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      got += d;
      if (got.includes(until)) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('end', () => resolve(got));
    s.on('error', reject);
    s.write(request);
  });
}

describe('webhook egress proxy', () => {
  test('writes an EgressSelectorConfiguration for the cluster egress over its Unix socket', () => {
    expect(egress.apiServerArgs).toEqual([`--egress-selector-config-file=${join(dir, 'egress-selector.yaml')}`]);
    const config = readFileSync(join(dir, 'egress-selector.yaml'), 'utf8');
    expect(config).toContain('kind: EgressSelectorConfiguration');
    expect(config).toContain('- name: cluster');
    expect(config).toContain('proxyProtocol: HTTPConnect');
    expect(config).toContain(`udsName: ${JSON.stringify(egress.socketPath)}`);
  });

  test('tunnels a CONNECT to the loopback target the resolver names, bytes after the header included', async () => {
    egress.setResolver(async (host, port) => (host === '10.96.0.20' && port === 443 ? { host: '127.0.0.1', port: echoPort } : undefined));
    const got = await exchange('CONNECT 10.96.0.20:443 HTTP/1.1\r\nHost: 10.96.0.20:443\r\n\r\nping', 'ping');
    expect(got).toBe('HTTP/1.1 200 Connection established\r\n\r\nping');
    expect(egress.failures()).toEqual([]);
  });

  test('passes a loopback target through unchanged, without asking the resolver', async () => {
    egress.setResolver(async () => {
      throw new Error('not asked for loopback targets');
    });
    const got = await exchange(`CONNECT 127.0.0.1:${echoPort} HTTP/1.1\r\n\r\nhello`, 'hello');
    expect(got).toBe('HTTP/1.1 200 Connection established\r\n\r\nhello');
  });

  test('refuses targets the resolver does not know, non-loopback answers and other methods', async () => {
    expect(await exchange('CONNECT 10.96.0.21:443 HTTP/1.1\r\n\r\n', '\r\n\r\n')).toMatch(/^HTTP\/1\.1 502 /);
    egress.setResolver(async () => ({ host: '192.0.2.1', port: 443 }));
    expect(await exchange('CONNECT 10.96.0.21:443 HTTP/1.1\r\n\r\n', '\r\n\r\n')).toMatch(/^HTTP\/1\.1 502 /);
    expect(await exchange('GET / HTTP/1.1\r\nHost: x\r\n\r\n', '\r\n\r\n')).toMatch(/^HTTP\/1\.1 405 /);
    expect(egress.failures()).toHaveLength(3);
  });

  test('a target that is not listening gives 502', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    egress.setResolver(async () => ({ host: '127.0.0.1', port }));
    expect(await exchange('CONNECT 10.96.0.22:443 HTTP/1.1\r\n\r\n', '\r\n\r\n')).toMatch(/^HTTP\/1\.1 502 /);
  });

  test('rejects a socket path longer than the Unix limit before listening', async () => {
    await expect(startWebhookEgress(join(dir, 'x'.repeat(120)))).rejects.toThrow(/longer than 107 bytes/);
  });
});
