/**
 * Loopback-only addressing for the lab: every listener of a lab cluster binds an address in
 * 127.0.0.0/8, never a routable one, and ports are picked by the kernel.
 */
import { createServer } from 'node:net';
import { isIPv4 } from 'node:net';

/** True for a dotted IPv4 address in 127.0.0.0/8. */
export function isLoopbackIPv4(address: string): boolean {
  return isIPv4(address) && address.split('.')[0] === '127';
}

/** Throws unless `address` is an IPv4 loopback address; `field` names the option in the message. */
export function assertLoopbackIPv4(address: string, field: string): void {
  if (!isLoopbackIPv4(address)) {
    throw new Error(`${field} must be an IPv4 address in 127.0.0.0/8 (the lab never listens elsewhere), got ${JSON.stringify(address)}`);
  }
}

/** Throws unless `port` is a TCP port number (1-65535). */
export function assertPort(port: number, field: string): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${field} must be an integer TCP port between 1 and 65535, got ${String(port)}`);
  }
}

/**
 * A port on `host` that was free a moment ago (the kernel picks it). Another process may take it
 * before the caller binds; the lab's components fail loudly in that case and the log says so.
 */
export function allocateLoopbackPort(host: string): Promise<number> {
  assertLoopbackIPv4(host, 'host');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`could not read the port the kernel assigned on ${host}`));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** `count` distinct free ports on `host`. */
export async function allocateLoopbackPorts(host: string, count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await allocateLoopbackPort(host));
  return [...ports];
}
