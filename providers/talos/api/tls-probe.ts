/**
 * Looks at the certificate a node's API presents, without trusting it. Used only after a secure
 * connection failed certificate verification, to tell "node still in maintenance mode" (Talos
 * serves a certificate with CN maintenance-service.talos.dev there) from "foreign cluster".
 */
import * as tls from 'node:tls';

export const MAINTENANCE_CERT_COMMON_NAME = 'maintenance-service.talos.dev';

export interface PresentedCertificate {
  readonly subjectCommonName: string;
  readonly issuerOrganization: string;
  readonly maintenance: boolean;
}

function first(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** Resolves undefined when nothing could be read (connection refused, timeout). */
export function probeServerCertificate(host: string, port: number, timeoutMs = 3000): Promise<PresentedCertificate | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: PresentedCertificate | undefined): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(value);
    };
    // Verification is off on purpose: this connection only reads the certificate, sends nothing.
    const socket = tls.connect({ host, port, rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => {
      const cert = socket.getPeerCertificate();
      if (!cert || Object.keys(cert).length === 0) return done(undefined);
      const cn = first(cert.subject?.CN);
      done({ subjectCommonName: cn, issuerOrganization: first(cert.issuer?.O), maintenance: cn === MAINTENANCE_CERT_COMMON_NAME });
    });
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.on('error', () => done(undefined));
  });
}

export interface ClientCertificateProbeInput {
  readonly caPem: string;
  readonly certPem: string;
  /** PKCS#8/SEC1/PKCS#1 PEM readable by node:tls (relabelled). */
  readonly keyPem: string;
}

/**
 * With TLS 1.3 a server that refuses our client certificate alerts only after the handshake,
 * which grpc-js reports as a bare "Failed to connect". This handshake with the same credentials
 * waits briefly for that alert. Resolves the alert text, or undefined when the node accepted the
 * certificate (or could not be reached at all). Go servers (Talos) send an alert; node:tls servers
 * just hang up, which is reported too.
 */
export function probeClientCertificateRejection(host: string, port: number, input: ClientCertificateProbeInput, timeoutMs = 2000): Promise<string | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: string | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const socket = tls.connect({
      host,
      port,
      ca: input.caPem,
      cert: input.certPem,
      key: input.keyPem,
      ALPNProtocols: ['h2'],
      // Only the server's verdict on our certificate matters here.
      rejectUnauthorized: false,
    });
    socket.on('secureConnect', () => {
      // Nudge the server to process our Finished message and report its verdict.
      socket.write(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
    });
    let handshakeDone = false;
    socket.on('secureConnect', () => {
      handshakeDone = true;
    });
    socket.on('error', (err: Error) => done(/alert/i.test(err.message) ? err.message.replace(/\s+/g, ' ').trim() : undefined));
    // A gRPC server speaks first (HTTP/2 SETTINGS); hanging up instead means it refused us.
    socket.on('data', () => done(undefined));
    socket.on('end', () => done(handshakeDone ? 'connection closed by the node right after the TLS handshake (client certificate not accepted)' : undefined));
    const timer = setTimeout(() => done(undefined), timeoutMs);
  });
}
