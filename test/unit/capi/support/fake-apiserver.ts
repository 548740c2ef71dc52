/**
 * A loopback HTTPS server with its own CA, standing in for a Kubernetes API server in client unit
 * tests: each test supplies the handler and sees the requests (method, URL, headers, body).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSelfSignedCertificate, generateKeyPair, issueCertificate } from '../../../../providers/pki';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** Subject CN of the client certificate, when one was presented and verified. */
  readonly clientCn: string | undefined;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void;

export interface FakeApiServer {
  readonly server: string;
  readonly caPem: string;
  readonly requests: SeenRequest[];
  /** A client certificate the server accepts (CN given at creation). */
  readonly client: { certPem: string; keyPem: string };
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeApiServer(clientCn = 'admin'): Promise<FakeApiServer> {
  const now = Date.now();
  const validity = { notBefore: new Date(now - 60_000), notAfter: new Date(now + 3600_000) };
  const caKeys = await generateKeyPair('ecdsa-p256');
  const caPem = await createSelfSignedCertificate({ subject: { commonName: 'fake-ca' }, isCa: true, keyUsages: ['certSign', 'digitalSignature'], ...validity }, caKeys);
  const issuer = { certPem: caPem, keyPem: caKeys.privateKeyPem('pkcs8') };
  const serverKeys = await generateKeyPair('ecdsa-p256');
  const serverPem = await issueCertificate(
    { subject: { commonName: 'fake-apiserver' }, ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'], keyUsages: ['digitalSignature'], extendedKeyUsages: ['serverAuth'], ...validity },
    serverKeys,
    issuer,
  );
  const clientKeys = await generateKeyPair('ecdsa-p256');
  const clientPem = await issueCertificate({ subject: { commonName: clientCn }, keyUsages: ['digitalSignature'], extendedKeyUsages: ['clientAuth'], ...validity }, clientKeys, issuer);
  const requests: SeenRequest[] = [];
  let handler: Handler = (_req, res) => res.writeHead(404).end();
  const server: Server = createServer({ cert: serverPem, key: serverKeys.privateKeyPem('pkcs8'), ca: caPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const socket = req.socket as import('node:tls').TLSSocket;
      const peer = socket.authorized ? socket.getPeerCertificate() : undefined;
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        clientCn: peer && 'subject' in peer ? (peer.subject as { CN?: string }).CN : undefined,
      };
      requests.push(seen);
      handler(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server: `https://127.0.0.1:${port}`,
    caPem,
    requests,
    client: { certPem: clientPem, keyPem: clientKeys.privateKeyPem('pkcs8') },
    handle(h) {
      handler = h;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON answer. */
export function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
