/**
 * The provider process: go-plugin handshake, AutoMTLS, gRPC services, and a prompt exit on
 * Shutdown. `serve()` is what a provider executable calls.
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { ProviderDefinition } from '../handler';
import { createLogger, levelFromEnv, type Logger } from '../logging';
import { pluginProtocolServices } from '../proto/load';
import type { SchemaDef } from '../schema/attributes';
import { checkMagicCookie, handshakeLine, HandshakeError, negotiateProtocol } from './handshake';
import { ProviderService } from './provider-service';
import { createLocalhostCertificate } from './tls';

const MESSAGE_LIMIT = 256 * 1024 * 1024;

export interface ServeOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Reattach (debug) mode: plaintext, prints TF_REATTACH_PROVIDERS and serves until killed. */
  readonly debug?: boolean;
  /** Provider source address, for the reattach line, e.g. `ptc.internal/ptc/talos`. */
  readonly address?: string;
}

export interface RunningProvider {
  readonly socketPath: string;
  readonly handshake: string;
  close(): Promise<void>;
}

type Impl = Record<string, (req: never) => unknown>;

function unary(log: Logger, name: string, fn: (req: never) => unknown): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    log.trace('rpc', { rpc: name });
    Promise.resolve()
      .then(() => fn(call.request as never))
      .then(
        (res) => callback(null, res),
        (err: unknown) => {
          // Only reached for bugs outside handlers (handler errors become diagnostics).
          log.error('rpc failed', { rpc: name, error: err instanceof Error ? err.stack : String(err) });
          callback({ code: grpc.status.INTERNAL, details: `${name}: ${err instanceof Error ? err.message : String(err)}` });
        },
      );
  };
}

function providerImpl<P>(svc: ProviderService<P>): Impl {
  return {
    GetMetadata: () => svc.getMetadata(),
    GetProviderSchema: () => svc.getProviderSchema(),
    ValidateProviderConfig: (r) => svc.validateProviderConfig(r),
    ValidateResourceConfig: (r) => svc.validateResourceConfig(r),
    ValidateDataResourceConfig: (r) => svc.validateDataResourceConfig(r),
    UpgradeResourceState: (r) => svc.upgradeResourceState(r),
    ConfigureProvider: (r) => svc.configureProvider(r),
    ReadResource: (r) => svc.readResource(r),
    PlanResourceChange: (r) => svc.planResourceChange(r),
    ApplyResourceChange: (r) => svc.applyResourceChange(r),
    ImportResourceState: (r) => svc.importResourceState(r),
    ReadDataSource: (r) => svc.readDataSource(r),
    ValidateEphemeralResourceConfig: (r) => svc.validateEphemeralResourceConfig(r),
    OpenEphemeralResource: (r) => svc.openEphemeralResource(r),
    RenewEphemeralResource: (r) => svc.renewEphemeralResource(r),
    CloseEphemeralResource: (r) => svc.closeEphemeralResource(r),
    GetFunctions: () => ({ functions: {}, diagnostics: [] }),
    StopProvider: () => {
      svc.stop();
      return { Error: '' };
    },
  };
}

/** Starts the gRPC server on a fresh unix socket and returns the handshake line to print. */
export async function startProvider<P>(def: ProviderDefinition<SchemaDef, P>, opts: { env: NodeJS.ProcessEnv; log: Logger; tls: boolean; onShutdown: () => void }): Promise<RunningProvider> {
  const services = pluginProtocolServices();
  const svc = new ProviderService(def, opts.log);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MESSAGE_LIMIT, 'grpc.max_send_message_length': MESSAGE_LIMIT });
  const impl = providerImpl(svc);
  server.addService(services['tfplugin6.Provider'], Object.fromEntries(Object.entries(impl).map(([name, fn]) => [name, unary(opts.log, name, fn)])) as grpc.UntypedServiceImplementation);
  server.addService(services['plugin.GRPCController'], {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, {});
      opts.onShutdown();
    },
  });

  let credentials = grpc.ServerCredentials.createInsecure();
  let serverCertDer: Buffer | undefined;
  const clientCert = opts.env.PLUGIN_CLIENT_CERT;
  if (opts.tls && clientCert) {
    try {
      new X509Certificate(clientCert);
    } catch (err) {
      throw new HandshakeError(`PLUGIN_CLIENT_CERT is not a valid PEM certificate: ${(err as Error).message}`);
    }
    const cert = createLocalhostCertificate();
    serverCertDer = cert.der;
    // Only the client certificate Terraform generated for this launch may connect.
    credentials = grpc.ServerCredentials.createSsl(Buffer.from(clientCert), [{ cert_chain: Buffer.from(cert.certPem), private_key: Buffer.from(cert.keyPem) }], true);
  }

  const baseDir = opts.env.PLUGIN_UNIX_SOCKET_DIR || os.tmpdir();
  const dir = fs.mkdtempSync(path.join(baseDir, 'ptc-plugin-'));
  const socketPath = path.join(dir, 'plugin.sock');
  await new Promise<void>((resolve, reject) => server.bindAsync(`unix://${socketPath}`, credentials, (err) => (err ? reject(err) : resolve())));
  return {
    socketPath,
    handshake: handshakeLine({ network: 'unix', address: socketPath, serverCertDer }),
    // Graceful first, so the Shutdown answer reaches Terraform before the process ends.
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 300);
        server.tryShutdown(() => {
          clearTimeout(force);
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** Entry point of a provider executable. Never returns while serving. */
export async function serve<P>(def: ProviderDefinition<SchemaDef, P>, options: ServeOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  // stdout carries the handshake; anything a library prints goes to stderr instead.
  for (const method of ['log', 'info', 'debug'] as const) console[method] = (...args: unknown[]) => console.error(...args);
  const log = createLogger(`provider.terraform-provider-${def.typeName}`, levelFromEnv(env));

  try {
    if (!options.debug) {
      checkMagicCookie(env);
      negotiateProtocol(env);
    }
  } catch (err) {
    process.stderr.write(`${(err as Error).message}`);
    process.exit(1);
  }
  // Ctrl-C reaches the whole process group; Terraform answers it with StopProvider instead.
  process.on('SIGINT', () => log.debug('ignoring SIGINT; waiting for StopProvider'));

  let running: RunningProvider | undefined;
  const exit = () => {
    void (running?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', exit);
  try {
    running = await startProvider(def, { env, log, tls: !options.debug, onShutdown: () => setImmediate(exit) });
  } catch (err) {
    process.stderr.write(`failed to start provider ${def.typeName}: ${(err as Error).message}\n`);
    process.exit(1);
  }

  if (options.debug) {
    const address = options.address ?? def.typeName;
    const reattach = { [address]: { Protocol: 'grpc', ProtocolVersion: 6, Pid: process.pid, Test: true, Addr: { Network: 'unix', String: running.socketPath } } };
    process.stdout.write(`export TF_REATTACH_PROVIDERS='${JSON.stringify(reattach)}'\n`);
    return;
  }
  process.stdout.write(running.handshake);
  // If Terraform dies without Shutdown we are re-parented: do not linger.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) exit();
  }, 1000).unref();
  log.debug('provider started', { socket: running.socketPath, version: def.version });
}
