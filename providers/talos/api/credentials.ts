/**
 * Transport credentials for the Talos API.
 * - Authenticated mode: mTLS. The server must present a certificate from the cluster's OS CA that
 *   names the endpoint (Talos puts node IPs, hostname and machine.certSANs in it); we present the
 *   talosconfig client certificate (O=os:admin, EKU clientAuth).
 * - Maintenance mode (only there): TLS without verification and without a client certificate,
 *   as `talosctl --insecure` does. The node has no cluster identity yet.
 */
import { credentials as grpcCredentials, type ChannelCredentials } from '@grpc/grpc-js';
import { firstPemBlock } from '../../pki/pem';
import { toNodeTlsKeyPem } from '../../pki/keys';

export interface TalosClientCertificate {
  /** PEM of the OS CA certificate (talosconfig `ca`, decoded). */
  readonly caPem: string;
  /** PEM of the client certificate (talosconfig `crt`, decoded). */
  readonly certPem: string;
  /** PEM of the client key (talosconfig `key`, decoded); Talos' `ED25519 PRIVATE KEY` label is fine. */
  readonly keyPem: string;
}

export type TalosAuth = { readonly kind: 'maintenance' } | ({ readonly kind: 'mtls' } & TalosClientCertificate);

function requireCertificatePem(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${field} is missing: pass the PEM text (base64-decoded from the talosconfig/client configuration)`);
  }
  let label: string;
  try {
    label = firstPemBlock(value).label;
  } catch (err) {
    throw new Error(`${field} is not PEM (${(err as Error).message}): pass the PEM text, base64-decoded once from the talosconfig value`);
  }
  if (label !== 'CERTIFICATE') throw new Error(`${field} holds a "${label}" PEM block; expected CERTIFICATE`);
  return value;
}

/** Validates the PEM inputs and builds grpc-js credentials (key relabelled for OpenSSL). */
export function mtlsChannelCredentials(cert: TalosClientCertificate): ChannelCredentials {
  const caPem = requireCertificatePem(cert.caPem, 'caPem (OS CA certificate)');
  const certPem = requireCertificatePem(cert.certPem, 'certPem (client certificate)');
  let keyPem: string;
  try {
    keyPem = toNodeTlsKeyPem(cert.keyPem);
  } catch (err) {
    throw new Error(`keyPem (client key) cannot be loaded: ${(err as Error).message}`);
  }
  return grpcCredentials.createSsl(Buffer.from(caPem), Buffer.from(keyPem), Buffer.from(certPem));
}

/** Maintenance mode only: encrypted, but neither side is authenticated. */
export function maintenanceChannelCredentials(): ChannelCredentials {
  return grpcCredentials.createSsl(null, null, null, { rejectUnauthorized: false });
}

export function channelCredentials(auth: TalosAuth): ChannelCredentials {
  return auth.kind === 'maintenance' ? maintenanceChannelCredentials() : mtlsChannelCredentials(auth);
}
