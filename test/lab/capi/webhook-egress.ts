/**
 * How a lab API server reaches webhooks served by local processes. The components keep their
 * Service-based clientConfig exactly as installed (so the product may re-apply them at any time);
 * the API server resolves such a Service to its ClusterIP and dials it through the "cluster" egress
 * selector, which the lab points at this HTTP CONNECT proxy on a Unix socket. The proxy maps a
 * Service's ClusterIP to the loopback port of the process serving it, and passes loopback targets
 * through unchanged. Nothing else is forwarded.
 *
 * Why not Endpoints or a url clientConfig: Kubernetes refuses loopback addresses in Endpoints and
 * EndpointSlices, and a clientConfig carrying `url` next to the manifest's `service` is invalid
 * ("exactly one of url or service"), so a url patch would break every later re-apply.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { isLoopbackIPv4 } from '../k8s/loopback';

/** Where a CONNECT target should go: a loopback host:port, or undefined to refuse it. */
export type EgressResolver = (host: string, port: number) => Promise<{ host: string; port: number } | undefined>;

export interface WebhookEgress {
  /** kube-apiserver flags that route "cluster" egress (Service-based webhooks) through this proxy. */
  readonly apiServerArgs: readonly string[];
  readonly socketPath: string;
  /** Sets (or replaces) how targets are resolved; until then every CONNECT is refused. */
  setResolver(resolver: EgressResolver | undefined): void;
  /** One line per refused or failed tunnel, for test failure messages. */
  failures(): readonly string[];
  close(): Promise<void>;
}

const MAX_HEADER_BYTES = 16 * 1024;
const SUN_PATH_MAX = 107;

/**
 * Starts the proxy on `<dir>/webhook-egress.sock` and writes the EgressSelectorConfiguration file
 * beside it. Start it before the API server that uses `apiServerArgs`; the API server dials lazily.
 */
export async function startWebhookEgress(dir: string): Promise<WebhookEgress> {
  const socketPath = join(dir, 'webhook-egress.sock');
  if (Buffer.byteLength(socketPath) > SUN_PATH_MAX) {
    throw new Error(`webhook egress socket path ${socketPath} is longer than ${SUN_PATH_MAX} bytes (Unix socket limit); use a shorter lab directory`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const configPath = join(dir, 'egress-selector.yaml');
  writeFileSync(
    configPath,
    [
      'apiVersion: apiserver.k8s.io/v1beta1',
      'kind: EgressSelectorConfiguration',
      'egressSelections:',
      '- name: cluster',
      '  connection:',
      '    proxyProtocol: HTTPConnect',
      '    transport:',
      '      uds:',
      `        udsName: ${JSON.stringify(socketPath)}`,
      '',
    ].join('\n'),
  );
  if (existsSync(socketPath)) rmSync(socketPath);

  let resolver: EgressResolver | undefined;
  const failures: string[] = [];
  const sockets = new Set<Socket>();
  const note = (line: string): void => {
    failures.push(`${new Date().toISOString()} ${line}`);
    if (failures.length > 200) failures.shift();
  };

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEADER_BYTES) client.destroy();
        return;
      }
      client.off('data', onData);
      client.pause();
      void tunnel(client, head.subarray(0, end).toString('latin1'), head.subarray(end + 4));
    };
    client.on('data', onData);
  });

  async function tunnel(client: Socket, header: string, rest: Buffer): Promise<void> {
    const match = /^CONNECT ([^\s:]+|\[[^\]]+\]):(\d+) HTTP\/1\.[01]$/.exec(header.split('\r\n')[0] ?? '');
    if (!match) {
      note(`refused a request that is not CONNECT host:port: ${JSON.stringify(header.split('\r\n')[0])}`);
      client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
      return;
    }
    const [, host, portText] = match;
    let target: { host: string; port: number } | undefined;
    try {
      // A loopback target (a kwok node's kubelet address) passes through as it would without the
      // egress selector; anything else must be a Service the resolver knows.
      if (isLoopbackIPv4(host)) target = { host, port: Number(portText) };
      else target = resolver ? await resolver(host, Number(portText)) : undefined;
    } catch (err) {
      note(`resolving ${host}:${portText} failed: ${(err as Error).message}`);
    }
    if (!target || !isLoopbackIPv4(target.host)) {
      note(`refused CONNECT ${host}:${portText}: no lab webhook server serves it`);
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connect({ host: target.host, port: target.port });
    let established = false;
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.once('connect', () => {
      established = true;
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', (err) => {
      note(`tunnel ${host}:${portText} -> ${target!.host}:${target!.port}: ${err.message}`);
      if (established) client.destroy();
      else client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    client.on('close', () => upstream.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    apiServerArgs: [`--egress-selector-config-file=${configPath}`],
    socketPath,
    setResolver: (r) => {
      resolver = r;
    },
    failures: () => [...failures],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
