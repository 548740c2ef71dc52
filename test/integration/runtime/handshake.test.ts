/**
 * The go-plugin handshake of a bundled provider process, driven as Terraform drives it:
 * cookie, handshake line, AutoMTLS with the pinned client certificate, Shutdown.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { bundleProvider } from '../../../tools/build/bundle';
import { connect, launchProvider, makeClientCert, parseHandshake, terraformEnv, type ClientCert } from '../../support/plugin-client';

const entry = path.join(__dirname, '../../support/fixture-provider/main.ts');
let dir: string;
let bundle: string;
let clientCert: ClientCert;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-handshake-'));
  bundle = bundleProvider(entry, dir);
  clientCert = await makeClientCert();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('refuses to start without the magic cookie, printing nothing on stdout', async () => {
  const env = terraformEnv(clientCert);
  delete env.TF_PLUGIN_MAGIC_COOKIE;
  await expect(launchProvider(process.execPath, [bundle], env)).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining('Terraform provider plugin'),
  });
});

test('refuses a broken client certificate', async () => {
  const env = terraformEnv(undefined, { PLUGIN_CLIENT_CERT: '-----BEGIN CERTIFICATE-----\nnot a cert\n-----END CERTIFICATE-----\n' });
  await expect(launchProvider(process.execPath, [bundle], env)).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining('PLUGIN_CLIENT_CERT'),
  });
});

test('refuses a client offering only protocol 5', async () => {
  const env = terraformEnv(clientCert, { PLUGIN_PROTOCOL_VERSIONS: '5' });
  await expect(launchProvider(process.execPath, [bundle], env)).rejects.toMatchObject({ code: 1 });
});

describe('a provider launched with AutoMTLS', () => {
  test('announces a unix socket and a localhost certificate, serves the pinned client and exits on Shutdown', async () => {
    const p = await launchProvider(process.execPath, [bundle], terraformEnv(clientCert));
    const h = parseHandshake(p.handshakeLine);
    expect(p.handshakeLine).not.toContain('=');
    expect([h.core, h.app, h.network, h.protocol]).toEqual(['1', '6', 'unix', 'grpc']);
    expect(path.isAbsolute(h.address)).toBe(true);
    expect(h.address.length).toBeLessThan(108);
    const cert = new X509Certificate(h.serverCertDer);
    expect(cert.subjectAltName).toBe('DNS:localhost');
    expect(cert.ca).toBe(true);

    const clients = connect(h, clientCert);
    const schema = await clients.call('provider', 'GetProviderSchema');
    expect(Object.keys(schema.resource_schemas as object)).toEqual(['example_item']);
    expect(schema.server_capabilities).toMatchObject({ plan_destroy: true });

    const started = Date.now();
    await clients.call('controller', 'Shutdown');
    const code = await p.exited;
    clients.close();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000); // Terraform SIGKILLs after 2 s
    expect(fs.existsSync(h.address)).toBe(false);
  });

  test('rejects a client presenting another certificate', async () => {
    const p = await launchProvider(process.execPath, [bundle], terraformEnv(clientCert));
    const h = parseHandshake(p.handshakeLine);
    const stranger = await makeClientCert();
    const clients = connect(h, stranger);
    await expect(clients.call('provider', 'GetProviderSchema')).rejects.toMatchObject({ code: 14 }); // UNAVAILABLE: TLS refused
    clients.close();
    p.child.kill('SIGKILL');
    await p.exited;
  });

  test('ignores SIGINT (Terraform sends StopProvider instead)', async () => {
    const p = await launchProvider(process.execPath, [bundle], terraformEnv(clientCert));
    const h = parseHandshake(p.handshakeLine);
    p.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    const clients = connect(h, clientCert);
    await expect(clients.call('provider', 'StopProvider')).resolves.toEqual({ Error: '' });
    await clients.call('controller', 'Shutdown');
    expect(await p.exited).toBe(0);
    clients.close();
  });

  test('logs to stderr as JSON when TF_LOG asks for it, never to stdout', async () => {
    const p = await launchProvider(process.execPath, [bundle], terraformEnv(clientCert, { TF_LOG: 'debug' }));
    const clients = connect(parseHandshake(p.handshakeLine), clientCert);
    await clients.call('controller', 'Shutdown');
    await p.exited;
    clients.close();
    const lines = p.stderr().trim().split('\n');
    expect(lines.some((l) => JSON.parse(l)['@message'] === 'provider started')).toBe(true);
  });
});
