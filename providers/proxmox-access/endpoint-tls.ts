/**
 * Does the Proxmox API endpoint present a chain that verifies with the definition's CA (and its
 * host name)? One TLS handshake with only that CA as the trust anchor; no HTTP request, no
 * credentials sent.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';

export type EndpointTlsOutcome = { readonly kind: 'verified' } | { readonly kind: 'rejected'; readonly reason: string } | { readonly kind: 'unreachable'; readonly reason: string };

export function checkEndpointWithCa(endpoint: string, caPem: string, timeoutMs = 10_000): Promise<EndpointTlsOutcome> {
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: EndpointTlsOutcome, socket?: tls.TLSSocket) => {
      if (done) return;
      done = true;
      socket?.destroy();
      resolve(o);
    };
    const socket = tls.connect({ host, port, ca: caPem, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: true, timeout: timeoutMs });
    socket.once('secureConnect', () => finish({ kind: 'verified' }, socket));
    socket.once('timeout', () => finish({ kind: 'unreachable', reason: `no answer within ${timeoutMs} ms` }, socket));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const network = ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT'].includes(err.code ?? '');
      finish(network ? { kind: 'unreachable', reason: `${err.code}: ${err.message}` } : { kind: 'rejected', reason: `${err.code ?? 'TLS'}: ${err.message}` }, socket);
    });
  });
}
