/**
 * Plays Terraform's side of the go-plugin handshake against a provider executable: generates
 * a client certificate, launches the provider with Terraform's environment, parses the
 * handshake line and opens an mTLS gRPC channel to it. Used by handshake tests and benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { createSelfSignedCertificate, encodePem, generateKeyPair } from '../../providers/pki';
import { pluginProtocolServices } from '../../providers/runtime/proto/load';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../providers/runtime/server/handshake';

export interface ClientCert {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A throwaway P-521 client certificate shaped like the one Terraform's go-plugin client makes. */
export async function makeClientCert(): Promise<ClientCert> {
  const keys = await generateKeyPair('ecdsa-p521');
  const now = Date.now();
  const certPem = await createSelfSignedCertificate(
    {
      subject: { organization: ['HashiCorp'], commonName: 'localhost' },
      notBefore: new Date(now - 30_000),
      notAfter: new Date(now + 3600_000),
      isCa: true,
      keyUsages: ['digitalSignature', 'keyEncipherment', 'keyAgreement', 'certSign'],
      extendedKeyUsages: ['clientAuth', 'serverAuth'],
      dnsNames: ['localhost'],
    },
    keys,
  );
  return { certPem, keyPem: keys.privateKeyPem('pkcs8') };
}

export interface Handshake {
  readonly core: string;
  readonly app: string;
  readonly network: string;
  readonly address: string;
  readonly protocol: string;
  readonly serverCertDer: Buffer;
}

export function parseHandshake(line: string): Handshake {
  const [core, app, network, address, protocol, cert = ''] = line.trim().split('|');
  return { core, app, network, address, protocol, serverCertDer: Buffer.from(cert, 'base64') };
}

export interface LaunchedProvider {
  readonly child: ChildProcess;
  readonly handshakeLine: string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `command` as Terraform would and resolves with its first stdout line. */
export function launchProvider(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<LaunchedProvider> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, handshakeLine: out.slice(0, nl), stderr: () => err, exited });
    });
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(Object.assign(new Error(`provider exited with ${code} before the handshake: ${err}`), { code, stderr: err }));
    });
  });
}

export function terraformEnv(clientCert?: ClientCert, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '5,6',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    ...(clientCert ? { PLUGIN_CLIENT_CERT: clientCert.certPem } : {}),
    ...extra,
  };
}

type Unary = (req: object, cb: (err: grpc.ServiceError | null, res: Record<string, unknown>) => void) => void;

export interface PluginClients {
  provider: Record<string, Unary> & grpc.Client;
  controller: Record<string, Unary> & grpc.Client;
  call(client: 'provider' | 'controller', method: string, req?: object): Promise<Record<string, unknown>>;
  close(): void;
}

/** Connects like go-plugin does: trust exactly the announced server cert, name `localhost`, present our cert. */
export function connect(h: Handshake, clientCert?: ClientCert): PluginClients {
  const pkg = grpc.loadPackageDefinition(pluginProtocolServices()) as unknown as {
    tfplugin6: { Provider: grpc.ServiceClientConstructor };
    plugin: { GRPCController: grpc.ServiceClientConstructor };
  };
  const serverPem = encodePem('CERTIFICATE', h.serverCertDer);
  const creds = clientCert ? grpc.credentials.createSsl(Buffer.from(serverPem), Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem)) : grpc.credentials.createInsecure();
  const target = h.network === 'unix' ? `unix://${h.address}` : h.address;
  const options = { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' };
  const provider = new pkg.tfplugin6.Provider(target, creds, options) as unknown as PluginClients['provider'];
  const controller = new pkg.plugin.GRPCController(target, creds, options) as unknown as PluginClients['controller'];
  const clients = { provider, controller };
  return {
    provider,
    controller,
    call: (which, method, req = {}) => new Promise((resolve, reject) => clients[which][method].call(clients[which], req, (err, res) => (err ? reject(err) : resolve(res)))),
    close: () => {
      provider.close();
      controller.close();
    },
  };
}
